// The camera coach in the self-tests (assessment step "tests"). The endurance holds: the person starts
// the stopwatch as usual and the coach stops it, filling the seconds, once the position breaks. The
// single-leg stance: the pelvic drop on each side is measured and offered as the Trendelenburg answers;
// the person fills them in with a button and checks them. Nothing is ever submitted by the coach.
import { coachPanels } from "./panel.js";

const panels = Array.from(document.querySelectorAll(".self-test .coach-panel"));

// A hold counts as broken only after the coach has seen it held while the stopwatch ran.
const heldSinceStart = new WeakMap();

function specOf(panel) {
  return JSON.parse(panel.querySelector("script[type='application/json']").textContent);
}

function stopWhenBroken(panel, out) {
  const test = panel.closest(".self-test");
  const watch = test.querySelector(".stopwatch.running");
  if (!watch) { heldSinceStart.delete(panel); return; }
  if (out.holding) { heldSinceStart.set(panel, true); return; }
  if (!heldSinceStart.get(panel)) { return; }
  heldSinceStart.delete(panel);
  watch.querySelector("[data-stopwatch-stop]").click();
  panel.querySelector(".coach-message").textContent =
    panel.dataset.stoppedHold.replace("%(reason)s", out.reason || "");
}

// The largest drop seen standing on each leg, in degrees, from the coach's own per-side result.
function showPelvis(panel, coach) {
  const result = coach.result() || {};
  ["left", "right"].forEach((side) => {
    const value = result[side];
    panel.querySelector(`[data-coach-side="${side}"]`).textContent =
      value === null || value === undefined ? "–" : Math.round(value) + "°";
  });
  panel.querySelector(".js-coach-fill").disabled = !["left", "right"].some((side) => Number.isFinite(result[side]));
  panel.coachResult = result;
}

function fillPelvis(panel) {
  const result = panel.coachResult || {};
  // The level band's top (the knowledge base's `hold.max`): a larger drop is a positive test.
  const limit = specOf(panel).hold.max;
  const test = panel.closest(".self-test");
  const filled = [];
  ["left", "right"].forEach((side) => {
    const select = test.querySelector(`select[name="trendelenburg_${side}"]`);
    if (!select || !Number.isFinite(result[side])) { return; }
    select.value = result[side] > limit ? "positive" : "negative";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    filled.push(select);
  });
  if (filled.length) {
    panel.querySelector(".coach-message").textContent = panel.dataset.filled;
    filled[0].focus();
  }
}

if (panels.length) {
  coachPanels(panels, {
    onReading: (panel, out, coach) => {
      if (out.mode === "hold") { stopWhenBroken(panel, out); }
      if (out.mode === "pelvis_drop") { showPelvis(panel, coach); }
    },
  });
  panels.forEach((panel) => {
    const fill = panel.querySelector(".js-coach-fill");
    if (fill) { fill.addEventListener("click", () => fillPelvis(panel)); }
  });
}
