// Prints the coach's rep-count accuracy over synthetic sequences: node tests/js/accuracy.mjs DIR
// (make DIR with: .venv/bin/python -m tests.js.sequences DIR).
import { countAccuracy, holdAccuracy, loadSequences, pelvisAccuracy } from './replay.mjs';

const dir = process.argv[2] || process.env.COACH_SEQUENCES;
if (!dir) {
  console.error('usage: node tests/js/accuracy.mjs DIR  (write DIR with: python -m tests.js.sequences DIR)');
  process.exit(2);
}
const { rows, n, exactRate, mae } = countAccuracy(loadSequences(dir, 'reps'));
const bySlug = new Map();
for (const row of rows) {
  const entry = bySlug.get(row.slug) || { n: 0, exact: 0, error: 0 };
  entry.n += 1;
  entry.exact += row.counted === row.expected ? 1 : 0;
  entry.error += Math.abs(row.counted - row.expected);
  bySlug.set(row.slug, entry);
}
for (const [slug, e] of bySlug) {
  console.log(`${slug.padEnd(24)} ${e.exact}/${e.n} exact, mean abs error ${(e.error / e.n).toFixed(2)}`);
}
for (const row of rows.filter((r) => r.counted !== r.expected)) {
  console.log(`  miss: ${row.name} expected ${row.expected}, counted ${row.counted}`);
}
console.log(`all: ${n} sequences, exact-count rate ${(100 * exactRate).toFixed(1)}%, mean absolute error ${mae.toFixed(3)} reps`);
const holds = holdAccuracy(loadSequences(dir, 'hold'));
console.log(`holds: ${holds.n} sequences, held time off by ${Math.round(holds.meanMs)} ms on average, ${Math.round(holds.maxMs)} ms at most`);
const pelvis = pelvisAccuracy(loadSequences(dir, 'pelvis'));
console.log(`pelvic drop: ${pelvis.n} stances, off by ${pelvis.meanDeg.toFixed(2)} degrees on average, ${pelvis.maxDeg.toFixed(2)} at most`);
