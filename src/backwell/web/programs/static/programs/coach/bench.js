// `backwell bench coach`: the coach's camera and pose model alone, counting analysed frames, so the
// benchmark measures exactly what the player runs (camera.js) under the site's CSP.
import { createPoseModel, modelFromUrl, openCamera, runPose } from "./camera.js";

var report = { model: modelFromUrl(location.search), results: 0, seen: 0, error: null, ready: false };
window.coachBench = report;

(async function () {
  try {
    var video = document.getElementById("bench-video");
    await openCamera(video);
    var pose = await createPoseModel({
      base: document.body.dataset.poseBase,
      model: report.model,
      onResults: function (landmarks) {
        report.results += 1;
        if (landmarks) { report.seen += 1; }
      },
    });
    report.ready = true;
    runPose(pose, video);
  } catch (error) {
    report.error = String(error && (error.name || error.message) || error);
  }
})();
