// The camera coach's panels (templates: programs/_coach_panel.html), shared by the session player and the
// self-tests: opt-in, the off states with plain words, one camera and one pose model at a time, the
// skeleton overlay, the large reading, the form cue (optionally spoken). The page decides what a reading
// does (player-coach.js, selftest-coach.js). Video stays in this page: nothing here sends anything.
import { createCoach } from "./coach.js";
import {
  cameraErrorMessage,
  cameraSupport,
  closeCamera,
  createPoseModel,
  modelFromUrl,
  openCamera,
  runPose,
} from "./camera.js";
import { drawSkeleton, fitCanvas } from "./overlay.js";

const part = (panel, selector) => panel.querySelector(selector);
const words = (panel, name) => panel.dataset[name] || "";

// panels: the page's .coach-panel elements; onReading(panel, out, coach) after each analysed frame;
// mayRun(panel): whether the panel is still the one on show once the camera is ready.
export function coachPanels(panels, { onReading = () => {}, mayRun = () => true } = {}) {
  const support = cameraSupport();
  const model = modelFromUrl(location.search);
  const state = { optedIn: false, active: null };
  let speak = false;
  let pose = null;
  let posePromise = null;

  // Off for good on this page (no camera, no wasm, permission refused): say why, offer nothing.
  function turnOff(message) {
    state.optedIn = false;
    panels.forEach((panel) => {
      part(panel, ".js-coach-start").hidden = true;
      part(panel, ".coach-live").hidden = true;
      part(panel, ".coach-message").textContent = message;
    });
  }

  function stop() {
    const active = state.active;
    if (!active) { return; }
    active.stopRun();
    closeCamera(active.video, active.stream);
    part(active.panel, ".coach-live").hidden = true;
    part(active.panel, ".js-coach-start").hidden = false;
    active.panel.classList.remove("coach-running", "coach-paused");
    state.active = null;
    if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
  }

  function ensurePose(panel) {
    if (!posePromise) {
      posePromise = createPoseModel({ base: panel.dataset.poseBase, model: model, onResults: onResults }).then(
        (ready) => { pose = ready; return ready; },
        (error) => { posePromise = null; throw error; },
      );
    }
    return posePromise;
  }

  async function start(panel) {
    stop();
    const video = part(panel, ".coach-video");
    const message = part(panel, ".coach-message");
    part(panel, ".js-coach-start").hidden = true;
    message.textContent = words(panel, "starting");
    let stream = null;
    try {
      stream = await openCamera(video);
      if (!pose) {
        message.textContent = words(panel, "loading");
        await ensurePose(panel);
      }
    } catch (error) {
      closeCamera(video, stream);
      turnOff(cameraErrorMessage(error));
      return;
    }
    // The person moved on (or pressed Stop) while the camera or the model was starting.
    if (!state.optedIn || !mayRun(panel)) {
      closeCamera(video, stream);
      part(panel, ".js-coach-start").hidden = false;
      message.textContent = "";
      return;
    }
    const spec = JSON.parse(part(panel, "script[type='application/json']").textContent);
    state.active = { panel: panel, video: video, stream: stream, spec: spec, coach: createCoach(spec), stopRun: runPose(pose, video) };
    message.textContent = "";
    part(panel, ".coach-count").textContent = spec.mode === "reps" ? "0" : spec.mode === "hold" ? "0 s" : "–";
    part(panel, ".coach-unit").textContent = words(panel, spec.mode + "Unit");
    part(panel, ".coach-reason").textContent = "";
    part(panel, ".coach-cue").textContent = "";
    part(panel, ".coach-live").hidden = false;
    panel.classList.add("coach-running");
  }

  function say(text) {
    if (!speak || !window.speechSynthesis || !window.SpeechSynthesisUtterance) { return; }
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(text));
  }

  // One analysed frame: the coach's reading, drawn and shown large, then handed to the page.
  function onResults(landmarks, tMs) {
    const active = state.active;
    if (!active) { return; }
    const { panel, video, coach } = active;
    const aspect = video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : 1;
    const out = coach.update(landmarks, tMs, { aspect: aspect });
    const canvas = part(panel, ".coach-canvas");
    fitCanvas(canvas, video);
    drawSkeleton(canvas, landmarks, { good: !out.cue && (out.mode === "reps" || out.holding) });
    let reading = String(out.reps);
    if (out.mode === "hold") { reading = Math.floor(out.heldMs / 1000) + " s"; }
    if (out.mode === "pelvis_drop") { reading = out.value === null ? "–" : Math.round(out.value) + "°"; }
    part(panel, ".coach-count").textContent = reading;
    const reason = out.mode !== "reps" && out.holding ? words(panel, "holding") : out.reason || "";
    part(panel, ".coach-reason").textContent = reason;
    panel.classList.toggle("coach-paused", out.mode !== "reps" && !out.holding);
    if (out.cue) {
      part(panel, ".coach-cue").textContent = out.cue.text;
      say(out.cue.text);
    }
    onReading(panel, out, coach);
  }

  function setUpSpeech() {
    const synth = window.speechSynthesis;
    const show = () => panels.forEach((panel) => {
      part(panel, ".coach-speak").hidden = !(synth && synth.getVoices().length);
    });
    show();
    if (synth && synth.addEventListener) { synth.addEventListener("voiceschanged", show); }
    panels.forEach((panel) => {
      part(panel, ".js-coach-speak").addEventListener("change", (event) => {
        speak = event.target.checked;
        panels.forEach((other) => { part(other, ".js-coach-speak").checked = speak; });
      });
    });
  }

  if (!support.ok) {
    turnOff(support.reason);
    return state;
  }
  setUpSpeech();
  panels.forEach((panel) => {
    part(panel, ".js-coach-start").hidden = false;
    part(panel, ".js-coach-start").addEventListener("click", () => { state.optedIn = true; start(panel); });
    part(panel, ".js-coach-stop").addEventListener("click", () => {
      state.optedIn = false;
      stop();
      part(panel, ".coach-message").textContent = words(panel, "stopped");
    });
  });
  // A tab put away turns the camera off (its light too); the person turns it on again when back.
  document.addEventListener("visibilitychange", () => { if (document.hidden) { stop(); } });
  state.start = start;
  state.stop = stop;
  return state;
}
