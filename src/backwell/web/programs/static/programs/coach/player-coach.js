// The camera coach in the session player, for items whose exercise has a `coach` block: opt-in once per
// visit, it follows the player from item to item. It counts reps into the player's own counter and runs
// the player's hold countdown only while the position is held; the person still confirms with Done.
import { coachPanels } from "./panel.js";

const panels = Array.from(document.querySelectorAll("#player .coach-panel"));
const stepOf = (panel) => panel.closest(".step");
const shown = (panel) => stepOf(panel).classList.contains("active");

if (panels.length) {
  // Reps already passed on to the player for the panel now running.
  let passed = 0;
  const coach = coachPanels(panels, {
    mayRun: shown,
    onReading: (panel, out) => {
      const controls = stepOf(panel).querySelector(".controls");
      const hooks = controls && controls.coachHooks;
      if (!hooks) { return; }
      if (out.mode === "reps") {
        for (; passed < out.reps; passed += 1) { hooks.rep(); }
      } else {
        hooks.hold(out.holding, out.reason || "");
      }
    },
  });
  if (coach.start) {
    panels.forEach((panel) => {
      // The player shows one item at a time; the camera follows it while the person has opted in.
      new MutationObserver(() => {
        const running = coach.active && coach.active.panel === panel;
        if (!shown(panel) && running) { coach.stop(); }
        if (shown(panel) && coach.optedIn && !coach.active) { passed = 0; coach.start(panel); }
      }).observe(stepOf(panel), { attributes: true, attributeFilter: ["class"] });
      panel.querySelector(".js-coach-start").addEventListener("click", () => { passed = 0; });
    });
  }
}
