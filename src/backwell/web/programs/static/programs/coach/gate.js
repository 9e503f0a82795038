// A coach's gate: a second measure that must be past a threshold for a hold (or a pelvic-drop
// reading) to count — a foot lifted in a single-leg stance, the body inclined off the floor in a
// side bridge. Pure: frames in, open or closed out.
import { createSideKeeper } from './landmarks.js';
import { measure } from './measures.js';
import { CONFIRM } from './reps.js';
import { createSmoother } from './smooth.js';

// gate = {measure, above, close, text}: opens once the (smoothed) measure is at or above `above`,
// closes once it is below `close` (hysteresis, as a rep's low and high: a value wobbling around one
// threshold does not flicker). Like a rep threshold, either is crossed only after CONFIRM readings in
// a row beyond it. A tilt is read by its size: which way the body slopes depends on the camera.
export function createGate(gate, { alpha = 0.1 } = {}) {
  const close = gate.close ?? gate.above;
  const smoother = createSmoother({ alpha });
  let keepSide = createSideKeeper(gate.measure.points);
  let open = false;
  let streak = 0;
  return {
    // -> true while open. A frame without a reading keeps the state (the hold's own rules handle
    // a person not seen).
    push(frame, tMs, opts = {}) {
      const side = gate.measure.side === 'auto' ? keepSide(frame) : gate.measure.side;
      let value = measure(frame, { ...gate.measure, side }, opts);
      if (value !== null && gate.measure.kind === 'tilt') value = Math.abs(value);
      const smooth = smoother.push(value, tMs);
      if (value === null || smooth === null) return open;
      const crossing = open ? smooth < close : smooth >= gate.above;
      streak = crossing ? streak + 1 : 0;
      if (streak >= CONFIRM) {
        open = !open;
        streak = 0;
      }
      return open;
    },
    reset() {
      smoother.reset();
      keepSide = createSideKeeper(gate.measure.points);
      open = false;
      streak = 0;
    },
  };
}
