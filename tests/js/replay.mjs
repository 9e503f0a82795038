// Shared by the coach's node tests and the accuracy report: read sequences, play them to a coach.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createCoach } from '../../src/backwell/web/programs/static/programs/coach/coach.js';

// The synthetic sequences' folder (tests/js/test_node.py writes it; sequences.py makes it by hand).
export function sequencesDir() {
  return process.env.COACH_SEQUENCES || null;
}

export function loadSequences(dir, kind = null) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
    .filter((sequence) => kind === null || sequence.kind === kind);
}

// Every frame through a fresh coach; returns each frame's time with the coach's answer.
export function replay(sequence, coach = createCoach(sequence.spec)) {
  return sequence.frames.map((frame) => ({
    t: frame.t,
    ...coach.update(frame.landmarks, frame.t, { aspect: sequence.aspect }),
  }));
}

// Exact-count rate and mean absolute error of the rep count over rep sequences.
export function countAccuracy(sequences) {
  const rows = sequences.map((sequence) => {
    const outputs = replay(sequence);
    const counted = outputs.length ? outputs[outputs.length - 1].reps : 0;
    return { name: sequence.name, slug: sequence.slug, expected: sequence.expect.reps, counted };
  });
  const exact = rows.filter((r) => r.counted === r.expected).length;
  const error = rows.reduce((sum, r) => sum + Math.abs(r.counted - r.expected), 0);
  return { rows, n: rows.length, exactRate: rows.length ? exact / rows.length : 0, mae: rows.length ? error / rows.length : 0 };
}

// Mean and largest error of the timed hold (ms) over hold sequences, against the known held time.
export function holdAccuracy(sequences) {
  const errors = sequences.map((sequence) => Math.abs(replay(sequence).at(-1).heldMs - sequence.expect.held_ms));
  return { n: errors.length, meanMs: errors.reduce((a, b) => a + b, 0) / (errors.length || 1), maxMs: Math.max(0, ...errors) };
}

// Mean and largest error (degrees) of the single-leg stance test's pelvic drop per standing leg.
export function pelvisAccuracy(sequences) {
  const errors = [];
  for (const sequence of sequences) {
    const coach = createCoach(sequence.spec);
    replay(sequence, coach);
    const result = coach.result();
    for (const side of ['left', 'right']) errors.push(Math.abs((result[side] ?? Infinity) - sequence.expect.drop[side]));
  }
  return { n: errors.length, meanDeg: errors.reduce((a, b) => a + b, 0) / (errors.length || 1), maxDeg: Math.max(0, ...errors) };
}
