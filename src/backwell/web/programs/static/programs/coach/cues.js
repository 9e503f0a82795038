// Form cues: each watches its own measure and speaks up when it crosses its threshold, rarely.
import { createSideKeeper } from './landmarks.js';
import { measure } from './measures.js';
import { createSmoother } from './smooth.js';

// A cue fires only after its measure has been off for this long, so one bad frame never nags.
const SUSTAIN_MS = 500;

// cues = [{id, text, measure, above | below, every_s}]; minGapMs: the least time between any two cues.
export function createCueRules(cues, { minGapMs = 4000 } = {}) {
  const rules = cues.map((cue) => ({
    cue,
    smoother: createSmoother({ alpha: 0.5 }),
    side: createSideKeeper(cue.measure.points),
    offSince: null,
    lastShown: -Infinity,
  }));
  let lastAny = -Infinity;

  function isOff(cue, value) {
    if (value === null) return false;
    if (cue.above !== null && cue.above !== undefined) return value > cue.above;
    return value < cue.below;
  }

  return {
    push(frame, tMs, opts = {}) {
      let fired = null;
      for (const rule of rules) {
        const spec = rule.cue.measure;
        const side = spec.side === 'auto' ? rule.side(frame) : spec.side;
        const value = rule.smoother.push(measure(frame, { ...spec, side }, opts), tMs);
        if (!isOff(rule.cue, value)) {
          rule.offSince = null;
          continue;
        }
        if (rule.offSince === null) rule.offSince = tMs;
        const everyMs = (rule.cue.every_s ?? 8) * 1000;
        const due = tMs - rule.lastShown >= everyMs && tMs - lastAny >= minGapMs;
        if (!fired && due && tMs - rule.offSince >= SUSTAIN_MS) {
          rule.lastShown = tMs;
          lastAny = tMs;
          fired = { id: rule.cue.id, text: rule.cue.text };
        }
      }
      return fired;
    },
    reset() {
      for (const rule of rules) {
        rule.smoother.reset();
        rule.side = createSideKeeper(rule.cue.measure.points);
        rule.offSince = null;
        rule.lastShown = -Infinity;
      }
      lastAny = -Infinity;
    },
  };
}
