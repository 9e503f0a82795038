// The coach's small modules, each on hand-made input whose answer is known.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createCueRules } from '../../src/backwell/web/programs/static/programs/coach/cues.js';
import { createGate } from '../../src/backwell/web/programs/static/programs/coach/gate.js';
import { createHoldTimer } from '../../src/backwell/web/programs/static/programs/coach/hold.js';
import { betterSide, createSideKeeper, INDEX, point } from '../../src/backwell/web/programs/static/programs/coach/landmarks.js';
import { measure } from '../../src/backwell/web/programs/static/programs/coach/measures.js';
import { createPelvisDropMeter } from '../../src/backwell/web/programs/static/programs/coach/pelvis.js';
import { createRepCounter } from '../../src/backwell/web/programs/static/programs/coach/reps.js';
import { createSmoother } from '../../src/backwell/web/programs/static/programs/coach/smooth.js';

// A frame with every landmark at the origin, then the named ones placed ({x, y, visibility}).
function frame(points, visibility = 0.9) {
  const out = Array.from({ length: 33 }, () => ({ x: 0, y: 0, z: 0, visibility: 0.1 }));
  for (const [name, [x, y, v = visibility]] of Object.entries(points)) out[INDEX[name]] = { x, y, z: 0, visibility: v };
  return out;
}
const KNEE = { kind: 'angle', points: ['hip', 'knee', 'ankle'], side: 'left' };
const close = (a, b, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} is not ${b}`);

describe('landmarks', () => {
  test('BlazePose indices and both frame formats', () => {
    assert.equal(INDEX.left_hip, 23);
    assert.equal(INDEX.right_foot_index, 32);
    const pixel = Array.from({ length: 33 }, (_, i) => [i, 2 * i, 0]);
    assert.deepEqual(point(pixel, 'knee', 'right'), { x: 26, y: 52, visibility: 1 });
    assert.equal(point(null, 'knee', 'left'), null);
  });

  test('the better-seen side wins, and a keeper does not flip on a small difference', () => {
    const leftClear = frame({ left_hip: [0, 0, 0.9], right_hip: [0, 0, 0.4] });
    const rightSlightly = frame({ left_hip: [0, 0, 0.8], right_hip: [0, 0, 0.85] });
    assert.equal(betterSide(leftClear, ['hip']), 'left');
    assert.equal(betterSide(rightSlightly, ['hip']), 'right');
    const keep = createSideKeeper(['hip']);
    assert.equal(keep(leftClear), 'left');
    assert.equal(keep(rightSlightly), 'left');
    assert.equal(keep(frame({ left_hip: [0, 0, 0.2], right_hip: [0, 0, 0.9] })), 'right');
  });
});

describe('measures', () => {
  test('a right-angled knee, a straight line and a signed tilt', () => {
    const f = frame({ left_hip: [0, 0], left_knee: [0, 1], left_ankle: [1, 1], left_shoulder: [0, -1], right_hip: [1, 0.5] });
    close(measure(f, KNEE), 90);
    close(measure(f, { kind: 'line', points: ['shoulder', 'hip', 'knee'], side: 'left' }), 0);
    close(measure(f, { kind: 'line', points: ['shoulder', 'hip', 'ankle'], side: 'left' }), 45);
    // Left hip to right hip, going down to the right of the image: a negative slope of atan(0.5).
    close(measure(f, { kind: 'tilt', points: ['hip', 'hip'], side: 'auto' }), (-Math.atan(0.5) * 180) / Math.PI);
  });

  test('normalised coordinates are corrected for the image shape', () => {
    // A 45 degree knee in a 720x1280 picture: 100 px across and 100 px down.
    const f = frame({ left_hip: [0.5, 0.5], left_knee: [0.5, 0.5 + 100 / 1280], left_ankle: [0.5 + 100 / 720, 0.5 + 200 / 1280] });
    close(measure(f, KNEE, { aspect: 720 / 1280 }), 135);
    assert.ok(Math.abs(measure(f, KNEE) - 135) > 10, 'without the aspect the angle is skewed');
  });

  test('points seen poorly give no reading rather than a wrong one', () => {
    const f = frame({ left_hip: [0, 0], left_knee: [0, 1, 0.3], left_ankle: [1, 1] });
    assert.equal(measure(f, KNEE), null);
    assert.equal(measure(null, KNEE), null);
  });
});

describe('smoothing', () => {
  test('steadies noise, keeps a value through a dropped frame, forgets after a long gap', () => {
    const s = createSmoother({ alpha: 0.5 });
    assert.equal(s.push(100, 0), 100);
    const next = s.push(0, 33);
    assert.ok(next > 40 && next < 60);
    assert.equal(s.push(null, 66), next);
    assert.equal(s.push(null, 2000), null);
  });

  test('is the same in time at 5 and 30 frames a second', () => {
    const slow = createSmoother({ alpha: 0.3 });
    const fast = createSmoother({ alpha: 0.3 });
    slow.push(0, 0);
    fast.push(0, 0);
    let a = 0;
    let b = 0;
    for (let t = 200; t <= 1000; t += 200) a = slow.push(100, t);
    for (let t = 1000 / 30; t <= 1000.1; t += 1000 / 30) b = fast.push(100, t);
    close(a, b, 0.5);
  });
});

describe('rep counting', () => {
  test('counts a full rep only, and a wobble around one threshold never counts', () => {
    const c = createRepCounter({ start: 'high', low: 100, high: 150 });
    for (const v of [170, 160, 120, 105, 120, 155, 145, 152, 170]) c.push(v);
    assert.equal(c.push(170).reps, 0);
    for (const v of [95, 99, 101, 99, 160]) c.push(v);
    assert.deepEqual(c.push(165), { reps: 1, phase: 'ready' });
    c.reset();
    assert.equal(c.push(170).reps, 0);
  });

  test('start low counts from the low position (a bridge, a sit-to-stand)', () => {
    const c = createRepCounter({ start: 'low', low: 110, high: 155 });
    for (const v of [90, 130, 170, null, 170, 120, 100]) c.push(v);
    assert.deepEqual(c.push(90), { reps: 1, phase: 'ready' });
  });
});

describe('hold timer', () => {
  const spec = { min: 0, max: 15, grace_ms: 500 };
  const run = (values, stepMs = 100, reasons) => {
    const h = createHoldTimer(spec, reasons);
    return values.map((v, i) => h.push(v, i * stepMs));
  };

  test('runs while in position and a short wobble does not stop it', () => {
    const out = run([5, 5, 5, 20, 20, 5, 5, 5]);
    assert.equal(out.at(-1).holding, true);
    assert.equal(out.at(-1).heldMs, 700);
  });

  test('pauses with a reason after the grace time and does not count the broken time', () => {
    const out = run([5, 5, 5, 5, 5, 30, 30, 30, 30, 30, 30, 30], 100, { above: 'Hips dropped' });
    assert.equal(out.at(-1).holding, false);
    assert.equal(out.at(-1).reason, 'Hips dropped');
    // Held until the first bad frame at 500 ms; the second of wobbling after it is taken back.
    assert.equal(out.at(-1).heldMs, 500);
  });

  test('says when it cannot see the person, and resumes only after steady good form', () => {
    const out = run([5, 5, 5, null, null, null, null, null, null, 5, 30, 5, 5, 5, 5, 5, 5, 5]);
    assert.match(out[8].reason, /Can't see you/);
    assert.equal(out[9].holding, false, 'one good frame does not resume');
    assert.equal(out.at(-1).holding, true);
  });
});

describe('cue rules', () => {
  const cue = { id: 'hips_sag', text: 'Lift your hips', measure: { kind: 'line', points: ['shoulder', 'hip', 'ankle'], side: 'left' }, above: 20, every_s: 8 };
  const bent = frame({ left_shoulder: [0, 0], left_hip: [1, 0.5], left_ankle: [2, 0] });
  const straight = frame({ left_shoulder: [0, 0], left_hip: [1, 0], left_ankle: [2, 0] });

  test('fires after the fault lasts, then not again before every_s', () => {
    const rules = createCueRules([cue]);
    const fired = [];
    for (let t = 0; t <= 20000; t += 100) {
      const c = rules.push(bent, t);
      if (c) fired.push(t);
    }
    assert.deepEqual(fired, [500, 8500, 16500]);
  });

  test('stays quiet in good form and respects the gap between any two cues', () => {
    const rules = createCueRules([cue, { ...cue, id: 'other', every_s: 1 }], { minGapMs: 4000 });
    for (let t = 0; t <= 5000; t += 100) assert.equal(rules.push(straight, t), null);
    const fired = [];
    for (let t = 5100; t <= 13000; t += 100) {
      const c = rules.push(bent, t);
      if (c) fired.push([t, c.id]);
    }
    // `other` may repeat every second, but no cue follows another within 4 s.
    assert.deepEqual(fired, [[5600, 'hips_sag'], [9600, 'other']]);
  });
});

describe('pelvic drop', () => {
  // Front view, pixel-like units: hips 20 apart, legs 80 long; `lift` raises one ankle.
  const stance = (dropRight, lift) => {
    const f = frame({
      left_hip: [110, 100],
      right_hip: [90, 100 + 20 * Math.tan((dropRight * Math.PI) / 180)],
      left_ankle: [110, lift === 'left' ? 160 : 180],
      right_ankle: [90, lift === 'right' ? 160 : 180],
    });
    return f;
  };

  test('reads the drop of the lifted side against the level on two feet', () => {
    const m = createPelvisDropMeter();
    for (let t = 0; t < 1000; t += 100) assert.equal(m.push(stance(2, null), t), null);
    let last = null;
    for (let t = 1000; t < 3000; t += 100) last = m.push(stance(9, 'right'), t);
    assert.equal(last.standingSide, 'left');
    close(last.dropDeg, 7, 0.01);
    for (let t = 3000; t < 5000; t += 100) m.push(stance(2 - 4, 'left'), t);
    const result = m.result();
    close(result.left, 7, 0.01);
    close(result.right, 4, 0.01);
  });

  test('with the gate closed a half-lifted foot is neither a stance nor the level', () => {
    const m = createPelvisDropMeter();
    for (let t = 0; t < 1000; t += 100) m.push(stance(0, null), t);
    for (let t = 1000; t < 3000; t += 100) assert.equal(m.push(stance(9, 'right'), t, { lifted: false }), null);
    assert.deepEqual(m.result(), { left: null, right: null });
    assert.equal(m.push(stance(9, 'right'), 3000, { lifted: true }).standingSide, 'left');
  });

  test('gives no answer for a leg it did not see long enough', () => {
    const m = createPelvisDropMeter();
    m.push(stance(0, 'right'), 0);
    assert.deepEqual(m.result(), { left: null, right: null });
  });
});

test('a repetition of two movements (one each side) counts only when both are done', () => {
  const counter = createRepCounter({ start: 'low', low: 125, high: 150, per_rep: 2 });
  const lift = [110, 110, 160, 160, 110, 110];
  const out = [...lift, ...lift.slice(2)].map((v) => counter.push(v).reps);
  assert.equal(out[5], 0, 'one side alone is half a repetition');
  assert.equal(out.at(-1), 1);
});

describe('gates', () => {
  // Front view, square units: shoulders at y 0, hips at y 50 (a torso of 50), the ankles at y 150
  // less their lift; a lift reads in torso lengths.
  const standing = (liftLeft, liftRight = 0) =>
    frame({
      left_shoulder: [60, 0], right_shoulder: [40, 0], left_hip: [58, 50], right_hip: [42, 50],
      left_ankle: [58, 150 - liftLeft], right_ankle: [42, 150 - liftRight],
    });
  const LIFT = { kind: 'lift', points: ['ankle'], side: 'auto' };

  test('a lift is the gap between the ankles in torso lengths, the same near and far', () => {
    close(measure(standing(0), LIFT), 0);
    close(measure(standing(15), LIFT), 0.3);
    close(measure(standing(0, 15), LIFT), 0.3);
    // Twice as far from the camera: everything half the size, the same lift.
    const far = standing(15).map((p) => ({ ...p, x: p.x / 2, y: p.y / 2 }));
    close(measure(far, LIFT), 0.3);
    const hidden = standing(15);
    hidden[INDEX.left_ankle].visibility = 0.2;
    assert.equal(measure(hidden, LIFT), null);
  });

  const FOOT = { measure: LIFT, above: 0.12, close: 0.08, text: 'Lift one foot' };

  test('opens past `above`, closes below `close`, and keeps its state when no one is seen', () => {
    const gate = createGate(FOOT, { alpha: 1 });
    const states = [0, 0, 10, 10, 10, 5, 5, 3, 3].map((lift, i) => gate.push(standing(lift), i * 100));
    // 10 = 0.2 torso opens after two readings; 5 = 0.1 sits between the two and keeps it open.
    assert.deepEqual(states, [false, false, false, true, true, true, true, true, false]);
    assert.equal(gate.push(null, 1000), false);
    gate.reset();
    assert.equal(gate.push(standing(10), 0), false);
  });

  test('noise around one threshold does not flicker the gate', () => {
    const gate = createGate(FOOT);
    let seed = 7;
    const noise = () => { seed = (seed * 16807) % 2147483647; return (seed / 2147483647 - 0.5) * 4; };
    const states = [];
    // A foot held right at the opening threshold (0.12 torso = 6), jittering by ±2 (±0.04 torso).
    for (let t = 0; t < 20000; t += 100) states.push(gate.push(standing(6 + noise()), t));
    const changes = states.filter((s, i) => i > 0 && s !== states[i - 1]).length;
    assert.ok(changes <= 1, `the gate changed ${changes} times`);
  });

  test('a tilt gate reads the size of the slope, either way the person faces', () => {
    const tilted = (dy) => frame({ left_shoulder: [0, 0], left_ankle: [100, dy] });
    const gate = createGate({ measure: { kind: 'tilt', points: ['shoulder', 'ankle'], side: 'left' }, above: 9, close: 6, text: 'Up' }, { alpha: 1 });
    assert.deepEqual([20, 20, -20, -20, 2, 2].map((dy, i) => gate.push(tilted(dy), i * 100)), [false, true, true, true, true, false]);
  });

  test('a hold never starts while its gate is closed, and says what to do', () => {
    const timer = createHoldTimer({ min: -8, max: 8, grace_ms: 500 }, { gate: 'Lift one foot' });
    for (let t = 0; t < 3000; t += 100) {
      const out = timer.push(0, t, { gated: true });
      assert.equal(out.holding, false);
      assert.equal(out.reason, 'Lift one foot');
    }
    assert.equal(timer.push(0, 3000).holding, true);
    // Closed again after a hold: it pauses after the grace time, with the gate's words.
    let out;
    for (let t = 3100; t < 4200; t += 100) out = timer.push(0, t, { gated: true });
    assert.equal(out.holding, false);
    assert.equal(out.reason, 'Lift one foot');
  });
});
