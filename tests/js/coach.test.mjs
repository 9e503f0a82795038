// The live coach on landmark sequences: the real squat clip and the figures' synthetic sequences.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createCoach } from '../../src/backwell/web/programs/static/programs/coach/coach.js';
import { countAccuracy, loadSequences, replay, sequencesDir } from './replay.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLIP = join(ROOT, '..', 'shared', 'data', 'photos', 'tfjs-models', 'pose_squats.full.json');
// The sit-to-stand block of the knowledge base (strength.yaml), as the page receives it.
const SIT_TO_STAND = {
  view: 'side',
  mode: 'reps',
  signal: { kind: 'angle', points: ['hip', 'knee', 'ankle'], side: 'auto' },
  reps: { start: 'low', low: 110, high: 155 },
  hold: null,
  cues: [],
  source: null,
};

describe('the real squat clip (pose_squats.full.json: 65 frames at 5 fps)', () => {
  const frames = JSON.parse(readFileSync(CLIP, 'utf8'));
  const play = (list, stepMs = 200) => {
    const coach = createCoach(SIT_TO_STAND);
    return list.map((frame, i) => coach.update(frame, i * stepMs));
  };

  test('counts the two full squats, not the third that is still on its way up', () => {
    const out = play(frames);
    assert.equal(out.at(-1).reps, 2);
    // Counting from the low position (as from a chair), a rep is complete back at the bottom:
    // none while standing between the first two squats, one while standing before the third.
    assert.equal(out[25].reps, 0);
    assert.equal(out[47].reps, 1);
    assert.ok(out.slice(0, 30).every((o) => o.reps === 0));
  });

  test('still counts two with a third of the frames dropped', () => {
    const out = play(frames.map((frame, i) => (i % 3 === 1 ? null : frame)));
    assert.equal(out.at(-1).reps, 2);
  });

  test('MediaPipe-style normalised landmarks give the same count and knee angles as pixels', () => {
    const [width, height] = [720, 1280];
    const normalised = frames.map((frame) =>
      frame.map(([x, y, z]) => ({ x: x / width, y: y / height, z, visibility: 0.9 })),
    );
    const pixel = createCoach(SIT_TO_STAND);
    const norm = createCoach(SIT_TO_STAND);
    frames.forEach((frame, i) => {
      const a = pixel.update(frame, i * 200);
      const b = norm.update(normalised[i], i * 200, { aspect: width / height });
      assert.ok(Math.abs(a.value - b.value) < 1e-6, `frame ${i}: ${a.value} vs ${b.value}`);
    });
    assert.equal(norm.update(normalised.at(-1), 65 * 200, { aspect: width / height }).reps, 2);
  });

  test('a frozen or empty camera counts nothing', () => {
    const still = play(Array(40).fill(frames[0]));
    assert.equal(still.at(-1).reps, 0);
    const empty = play(Array(40).fill(null));
    assert.equal(empty.at(-1).reps, 0);
    assert.match(empty.at(-1).reason, /Can't see you/);
  });
});

const dir = sequencesDir();

describe('synthetic sequences from the figures', { skip: dir ? false : 'COACH_SEQUENCES is not set' }, () => {
  test('every coached exercise counts its reps exactly', () => {
    const { rows, n } = countAccuracy(loadSequences(dir, 'reps'));
    assert.ok(n >= 40, `only ${n} rep sequences`);
    const wrong = rows.filter((r) => r.counted !== r.expected).map((r) => `${r.name}: ${r.counted}/${r.expected}`);
    assert.deepEqual(wrong, []);
  });

  test('good-form reps raise no form cue', () => {
    for (const sequence of loadSequences(dir, 'reps')) {
      const cues = replay(sequence).filter((o) => o.cue);
      assert.deepEqual(cues.map((o) => o.cue.id), [], sequence.name);
    }
  });

  test('holds pause, with a reason, while the form is broken and time only the held part', () => {
    const holds = loadSequences(dir, 'hold');
    assert.ok(holds.length >= 15, `only ${holds.length} hold sequences`);
    for (const sequence of holds) {
      const out = replay(sequence);
      const within = (windows, t) => windows.some(([a, b]) => t >= a && t <= b);
      for (const o of out.filter((o) => within(sequence.expect.paused, o.t))) {
        assert.equal(o.holding, false, `${sequence.name} still holding at ${o.t} ms`);
        assert.ok(o.reason && o.reason.length > 10, `${sequence.name}: no reason at ${o.t} ms`);
      }
      const holdingFrames = out.filter((o) => within(sequence.expect.holding, o.t));
      const held = holdingFrames.filter((o) => o.holding).length / holdingFrames.length;
      assert.ok(held > 0.95, `${sequence.name}: holding in only ${(held * 100).toFixed(0)}% of good frames`);
      const { held_ms: expected, tolerance_ms: tolerance } = sequence.expect;
      const heldMs = out.at(-1).heldMs;
      assert.ok(Math.abs(heldMs - expected) <= tolerance, `${sequence.name}: held ${heldMs} ms, expected ${expected} ± ${tolerance}`);
      assert.ok(heldMs < expected + 1000, `${sequence.name}: counted broken time as held (${heldMs} > ${expected})`);
    }
  });

  test('cues fire when the form is off, and not more often than their rate allows', () => {
    const sequences = loadSequences(dir, 'cue');
    assert.ok(sequences.length >= 8, `only ${sequences.length} cue sequences`);
    for (const sequence of sequences) {
      const fired = replay(sequence).filter((o) => o.cue);
      const { cue, off_ms: [from, to], max_count: maxCount } = sequence.expect;
      const mine = fired.filter((o) => o.cue.id === cue);
      assert.ok(mine.length >= 2, `${sequence.name}: ${cue} fired ${mine.length} times in 25 s off form`);
      assert.ok(mine.length <= maxCount, `${sequence.name}: ${cue} fired ${mine.length} times (nagging)`);
      for (const o of fired) assert.ok(o.t >= from && o.t <= to + 1000, `${sequence.name}: cue at ${o.t} ms outside the fault`);
      const every = sequence.spec.cues.find((c) => c.id === cue).every_s * 1000;
      for (let i = 1; i < mine.length; i += 1) assert.ok(mine[i].t - mine[i - 1].t >= every, `${sequence.name}: repeated too soon`);
    }
  });

  test('a closed gate (both feet down, lying flat) stops the hold and the pelvic drop', () => {
    const sequences = loadSequences(dir, 'gate');
    // The stance exercise and test, the two side bridges and the side bridge test: three each.
    assert.ok(sequences.length >= 15, `only ${sequences.length} gate sequences`);
    const within = (windows, t) => windows.some(([a, b]) => t >= a && t <= b);
    for (const sequence of sequences) {
      const coach = createCoach(sequence.spec);
      const out = replay(sequence, coach);
      const { never_ms: never, closed, holding, recorded } = sequence.expect;
      const text = sequence.spec.gate.text;
      for (const o of out.filter((o) => within(closed, o.t) || (never !== undefined && o.t <= never))) {
        assert.equal(o.holding, false, `${sequence.name} holding at ${o.t} ms with the gate closed`);
        if (o.t > 1000 && o.gate === false) assert.equal(o.reason, text, `${sequence.name} at ${o.t} ms`);
      }
      // On both feet nothing is timed at all, and the page says what to do.
      if (never !== undefined) {
        assert.ok(out.filter((o) => o.t <= never).every((o) => o.heldMs === 0), `${sequence.name}: timed on both feet`);
        assert.equal(out.filter((o) => o.t <= never && o.t > 1000).at(-1).reason, text, sequence.name);
      }
      // The gate does not flicker: it opens once and closes once (and never opens in a pelvis sequence).
      const changes = out.filter((o, i) => i > 0 && o.gate !== out[i - 1].gate).length;
      assert.ok(changes <= (recorded ? 2 : 0), `${sequence.name}: the gate changed ${changes} times`);
      const holdingFrames = out.filter((o) => within(holding, o.t));
      if (holdingFrames.length) {
        const held = holdingFrames.filter((o) => o.holding).length / holdingFrames.length;
        assert.ok(held > 0.95, `${sequence.name}: holding in only ${(held * 100).toFixed(0)}% of good frames`);
      }
      if (sequence.spec.mode === 'pelvis_drop') {
        assert.deepEqual(coach.result(), { left: null, right: null }, sequence.name);
        assert.ok(out.every((o) => !o.pelvis), `${sequence.name}: a stance read on both feet`);
      }
    }
  });

  test('the single-leg stance test measures the pelvic drop on each standing leg', () => {
    const sequences = loadSequences(dir, 'pelvis');
    assert.ok(sequences.length >= 4);
    for (const sequence of sequences) {
      const coach = createCoach(sequence.spec);
      const out = replay(sequence, coach);
      const result = coach.result();
      for (const side of ['left', 'right']) {
        const expected = sequence.expect.drop[side];
        assert.ok(result[side] !== null, `${sequence.name}: no reading standing on the ${side} leg`);
        assert.ok(Math.abs(result[side] - expected) <= sequence.expect.tolerance_deg, `${sequence.name} ${side}: ${result[side].toFixed(1)} vs ${expected}`);
      }
      assert.ok(out.some((o) => o.pelvis?.standingSide === 'left') && out.some((o) => o.pelvis?.standingSide === 'right'));
      // On both feet the coach asks for one leg rather than timing.
      assert.match(out[2].reason ?? '', /one leg|one foot/);
      // A drop past the hold's limit pauses the stance and says so; a level pelvis never does.
      for (const side of ['left', 'right']) {
        const onSide = out.filter((o) => o.pelvis?.standingSide === side);
        const dropped = onSide.some((o) => !o.holding && /dropped/.test(o.reason ?? ''));
        assert.equal(dropped, sequence.expect.drop[side] > sequence.spec.hold.max + 2, `${sequence.name} ${side}`);
      }
    }
  });
});
