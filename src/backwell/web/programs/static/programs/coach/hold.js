// Times a hold only while the position is held; pauses, and says why, when form breaks.

export const DEFAULT_REASONS = Object.freeze({
  above: 'Out of position — go back to the starting shape',
  below: 'Out of position — go back to the starting shape',
  lost: "Can't see you — move so the camera sees your whole body",
  start: 'Get into position to start the timer',
  gate: 'Get into position to start the timer',
});

// holdSpec = {min, max, grace_ms}; reasons = plain words for each way a hold can break (`gate`: the
// coach's gate is closed, e.g. both feet down in a single-leg stance).
export function createHoldTimer({ min = 0, max, grace_ms: graceMs = 500 }, reasons = {}) {
  const say = { ...DEFAULT_REASONS, ...reasons };
  let heldMs = 0;
  let lastMs = null;
  let started = false;
  let holding = false;
  // When the value left the band (or vanished); a break shorter than graceMs is only a wobble.
  let outSince = null;
  let inSince = null; // when the value came back into the band after a pause
  let reason = say.start;

  function why(value, gated) {
    if (gated) return say.gate;
    if (value === null || value === undefined || !Number.isFinite(value)) return say.lost;
    return value > max ? say.above : say.below;
  }

  return {
    // gated: the spec's gate is closed, so the value does not count however good it is.
    push(value, tMs, { gated = false } = {}) {
      const inBand = !gated && Number.isFinite(value) && value >= min && value <= max;
      if (holding && lastMs !== null) heldMs += Math.max(0, tMs - lastMs);
      lastMs = tMs;
      if (inBand) {
        outSince = null;
        if (inSince === null) inSince = tMs;
        // The first time in position starts at once; after a pause, one good frame among bad
        // ones is noise, so the timer waits for graceMs of good form and then counts it.
        if (!started || (!holding && tMs - inSince >= graceMs)) {
          if (started) heldMs += tMs - inSince;
          started = true;
          holding = true;
          reason = null;
        }
      } else if (started) {
        inSince = null;
        if (outSince === null) outSince = tMs;
        if (tMs - outSince >= graceMs) {
          // The time spent wobbling before the pause is not held time: take it back.
          if (holding) heldMs = Math.max(0, heldMs - (tMs - outSince));
          holding = false;
          reason = why(value, gated);
        }
      } else {
        reason = gated ? say.gate : say.start;
      }
      return { heldMs, holding, reason };
    },
    reset() {
      heldMs = 0;
      lastMs = null;
      started = false;
      holding = false;
      outSince = null;
      inSince = null;
      reason = say.start;
    },
  };
}
