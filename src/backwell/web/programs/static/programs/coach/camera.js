// The camera and the in-page pose model (npm's @mediapipe/pose, served by backwell itself). Frames go
// from the camera to the model inside this page and nowhere else: nothing here sends or stores them.

// What the page can do, and in plain words why not when it cannot.
export function cameraSupport() {
  if (typeof WebAssembly !== "object") {
    return { ok: false, reason: "This browser cannot run the pose model (no WebAssembly), so the camera coach is off. Everything else works as usual." };
  }
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function") {
    return { ok: false, reason: "This browser gives the page no camera, so the camera coach is off. Everything else works as usual." };
  }
  return { ok: true, reason: "" };
}

// "lite" unless the page asks for another (?coach_model=full for testing): the lite model keeps up
// with the camera on a modest phone or laptop, see docs/coach.md "Speed".
export const DEFAULT_MODEL = "lite";
const COMPLEXITY = { lite: 0, full: 1, heavy: 2 };

export function modelFromUrl(search) {
  var wanted = new URLSearchParams(search || "").get("coach_model");
  return Object.prototype.hasOwnProperty.call(COMPLEXITY, wanted) ? wanted : DEFAULT_MODEL;
}

var scriptLoading = null;

// pose.js is a classic script that defines window.Pose; it is added only once someone turns the coach on.
function loadPoseScript(base) {
  if (window.Pose) { return Promise.resolve(); }
  if (!scriptLoading) {
    scriptLoading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = base + "pose.js";
      script.onload = function () { resolve(); };
      script.onerror = function () { scriptLoading = null; reject(new Error("pose-script")); };
      document.head.appendChild(script);
    });
  }
  return scriptLoading;
}

// A ready pose model; onResults(landmarks|null, tMs) is called once per analysed frame.
export async function createPoseModel({ base, model, onResults }) {
  await loadPoseScript(base);
  var pose = new window.Pose({ locateFile: function (file) { return base + file; } });
  pose.setOptions({
    modelComplexity: COMPLEXITY[model] === undefined ? 0 : COMPLEXITY[model],
    smoothLandmarks: true,
    enableSegmentation: false,
    minDetectionConfidence: 0.5,
    minTrackingConfidence: 0.5,
  });
  pose.onResults(function (results) {
    onResults(results.poseLandmarks || null, performance.now());
  });
  await pose.initialize();
  return pose;
}

// The front camera where there is one; the stream stays in this page's <video> element.
export async function openCamera(video) {
  var stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    // A native camera mode near 640x480, never rescaled by the browser: a stretched picture would
    // bend the joint angles the coach reads.
    video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 }, resizeMode: "none" },
  });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute("playsinline", "");
  await video.play();
  return stream;
}

export function closeCamera(video, stream) {
  if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
  if (video) { video.srcObject = null; }
}

// Feeds the video's frames to the model one at a time (a frame is sent only after the last result),
// so a slow device analyses fewer frames instead of queueing them. Returns a stop function.
export function runPose(pose, video) {
  var stopped = false;
  var lastTime = -1;
  function next() {
    if (stopped) { return; }
    if (video.readyState >= 2 && video.currentTime !== lastTime) {
      lastTime = video.currentTime;
      pose.send({ image: video }).then(schedule, function () { stopped = true; });
    } else {
      schedule();
    }
  }
  function schedule() {
    if (stopped) { return; }
    if (video.requestVideoFrameCallback) { video.requestVideoFrameCallback(next); } else { requestAnimationFrame(next); }
  }
  schedule();
  return function stop() { stopped = true; };
}

// Why the camera could not start, in words a person can act on.
export function cameraErrorMessage(error) {
  var name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "The camera was not allowed, so the camera coach is off. You can allow it in your browser's site settings, or carry on without it.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "No camera was found, so the camera coach is off. Carry on without it.";
  }
  if (name === "NotReadableError") {
    return "The camera is in use by another app, so the camera coach is off. Close the other app and try again, or carry on without it.";
  }
  if (error && error.message === "pose-script") {
    return "The pose model could not be loaded, so the camera coach is off. Carry on without it.";
  }
  return "The camera coach could not start, so it is off. Carry on without it.";
}
