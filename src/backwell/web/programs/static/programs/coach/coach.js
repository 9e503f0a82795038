// The live coach: one call per pose result turns landmarks into reps, hold time, a pause reason and cues.
import { createCueRules } from './cues.js';
import { createGate } from './gate.js';
import { createHoldTimer } from './hold.js';
import { createSideKeeper } from './landmarks.js';
import { measure } from './measures.js';
import { createPelvisDropMeter } from './pelvis.js';
import { createRepCounter } from './reps.js';
import { createSmoother } from './smooth.js';

// Weight of a new reading at 30 fps (smooth.js adapts it to the real rate): reps follow movement
// closely; a hold is still, so its reading can be steadied more.
const SMOOTHING = { reps: 0.3, hold: 0.1, pelvis_drop: 0.1 };

// Why a hold stopped, in words that fit what the signal measures.
const REASONS = {
  line: {
    above: 'Your body bent out of line — straighten back into one line',
    below: 'Out of position — go back to the starting shape',
  },
  // A raw tilt's sign depends on which leg is lifted, so both ways read the same.
  tilt: {
    above: 'Your hips are not level — lift the low side back level',
    below: 'Your hips are not level — lift the low side back level',
  },
  // The pelvic drop is signed by the person's own sides: positive is the lifted leg's side lower.
  drop: {
    above: 'The hip of your lifted leg dropped — lift it back level',
    below: 'Your lifted hip hitched up — let it settle level',
  },
  angle: {
    above: 'Out of position — go back to the starting shape',
    below: 'Out of position — go back to the starting shape',
  },
};
const ONE_LEG = 'Stand on one leg: lift one foot a little off the floor';

function sameMeasure(a, b) {
  return a.kind === b.kind && a.points.join() === b.points.join();
}

// The pause reasons of a hold: a cue watching the very same measure says it best.
function holdReasons(spec) {
  const reasons = { ...REASONS[spec.mode === 'pelvis_drop' ? 'drop' : spec.signal.kind] };
  if (spec.gate) reasons.gate = spec.gate.text;
  for (const cue of spec.cues ?? []) {
    if (!sameMeasure(cue.measure, spec.signal)) continue;
    if (cue.above !== null && cue.above !== undefined) reasons.above = cue.text;
    else reasons.below = cue.text;
  }
  return reasons;
}

// A rep counter on a signal with side `auto` follows the working side: the side that has moved
// clearly further from the start position (one leg lifts in a side leg lift or a bird dog; in a
// sit-to-stand both move and either serves). It changes side only on a clear lead, so noise on
// the resting side neither steals the count nor biases it.
const SWITCH_DEG = 10;

function repSignal(spec, smoothers) {
  const { signal, reps } = spec;
  if (signal.side !== 'auto') {
    return (frame, tMs, opts) => smoothers.one.push(measure(frame, signal, opts), tMs);
  }
  let followed = null;
  let ahead = 0;
  return (frame, tMs, opts) => {
    const left = smoothers.left.push(measure(frame, { ...signal, side: 'left' }, opts), tMs);
    const right = smoothers.right.push(measure(frame, { ...signal, side: 'right' }, opts), tMs);
    if (left === null) return right;
    if (right === null) return left;
    // How much further from the start position the right side is than the left.
    const lead = reps.start === 'high' ? left - right : right - left;
    const other = followed === 'left' ? lead : -lead;
    // Two readings in a row with the other side clearly ahead: one noisy frame is not a switch.
    ahead = followed !== null && other > SWITCH_DEG ? ahead + 1 : 0;
    if (followed === null) followed = lead > 0 ? 'right' : 'left';
    else if (ahead >= 2) {
      followed = followed === 'left' ? 'right' : 'left';
      ahead = 0;
    }
    return followed === 'left' ? left : right;
  };
}

export function createCoach(spec) {
  const alpha = SMOOTHING[spec.mode];
  const smoothers = {
    one: createSmoother({ alpha }),
    left: createSmoother({ alpha }),
    right: createSmoother({ alpha }),
  };
  let keepSide = createSideKeeper(spec.signal.points);
  let stanceSide = null; // pelvis_drop: the leg of the current (or last) stance
  let stanceSince = 0;
  const cues = createCueRules(spec.cues ?? []);
  const counter = spec.mode === 'reps' ? createRepCounter(spec.reps) : null;
  const reasons = holdReasons(spec);
  const timer = spec.mode === 'reps' ? null : createHoldTimer(spec.hold, reasons);
  const pelvis = spec.mode === 'pelvis_drop' ? createPelvisDropMeter() : null;
  // A hold (or a pelvic-drop reading) counts only while the spec's gate, if any, is open. A gate
  // watches a large change (a foot lifted, the body sloped), so it follows it as closely as reps do;
  // its hysteresis keeps noise from flickering it.
  const gate = spec.gate && spec.mode !== 'reps' ? createGate(spec.gate, { alpha: SMOOTHING.reps }) : null;
  // A hold follows one side, kept steady (a front view sees both equally well).
  const holdSignal = (frame, tMs, opts) => {
    const side = spec.signal.side === 'auto' ? keepSide(frame) : spec.signal.side;
    return smoothers.one.push(measure(frame, { ...spec.signal, side }, opts), tMs);
  };
  let signal = spec.mode === 'reps' ? repSignal(spec, smoothers) : holdSignal;

  return {
    // frame: 33 landmarks or null; tMs: the frame's time; opts: {aspect} for normalised landmarks.
    update(frame, tMs, opts = {}) {
      const out = { mode: spec.mode, value: null, reps: 0, heldMs: 0, holding: false, reason: null, cue: null };
      out.cue = cues.push(frame, tMs, opts);
      const gated = gate ? !gate.push(frame, tMs, opts) : false;
      if (gate) out.gate = !gated;
      if (pelvis) {
        // The drop on the lifted leg's side, from the person's own level on two feet; with the
        // gate closed a half-lifted foot is neither a stance nor the level.
        const reading = pelvis.push(frame, tMs, gate ? { ...opts, lifted: !gated } : opts);
        out.pelvis = reading;
        // Each leg is its own stance: changing legs starts its timer and reason afresh.
        if (reading && reading.standingSide !== stanceSide) {
          if (stanceSide !== null) timer.reset();
          stanceSide = reading.standingSide;
          stanceSince = tMs;
        }
        if (reading) out.value = smoothers.one.push(reading.dropDeg, tMs);
        else if (frame) smoothers.one.reset(); // both feet down: the stance is over, not just unseen
        else out.value = smoothers.one.push(null, tMs);
        Object.assign(out, timer.push(out.value, tMs, { gated }));
        if (!reading && frame && !out.holding) out.reason = spec.gate?.text ?? ONE_LEG;
        // On one leg the test is under way: a pelvis that drops from the first moment is a
        // result to show, not a person still getting into position.
        // (After the same grace a hold gives: a stance's first frames are still settling.)
        if (reading && !out.holding && tMs - stanceSince >= spec.hold.grace_ms) {
          if (out.value > spec.hold.max) out.reason = reasons.above;
          else if (out.value < spec.hold.min) out.reason = reasons.below;
        }
        return out;
      }
      out.value = signal(frame, tMs, opts);
      if (counter) {
        const { reps, phase } = counter.push(out.value, tMs);
        out.reps = reps;
        out.phase = phase;
        if (!frame) out.reason = "Can't see you — move so the camera sees your whole body";
      } else {
        Object.assign(out, timer.push(out.value, tMs, { gated }));
      }
      return out;
    },
    // The single-leg stance test's answer per standing leg: {left, right} degrees of drop or null.
    result() {
      return pelvis ? pelvis.result() : null;
    },
    reset() {
      for (const s of Object.values(smoothers)) s.reset();
      keepSide = createSideKeeper(spec.signal.points);
      stanceSide = null;
      if (spec.mode === 'reps') signal = repSignal(spec, smoothers);
      cues.reset();
      counter?.reset();
      timer?.reset();
      pelvis?.reset();
      gate?.reset();
    },
  };
}
