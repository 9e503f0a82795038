// Exponential smoothing of a noisy per-frame number that keeps the same feel at any frame rate.

// Frames per second the `alpha` is stated for; at other rates the weight is adjusted so the
// smoothing spans the same time (a phone at 8 fps must not lag more than a laptop at 30).
const REFERENCE_MS = 1000 / 30;
// After this long without a value the old one says nothing about the body: start afresh.
const FORGET_MS = 1000;

export function createSmoother({ alpha = 0.5 } = {}) {
  let value = null;
  let lastMs = null;
  return {
    push(next, tMs) {
      if (next === null || next === undefined || !Number.isFinite(next)) {
        // A dropped frame keeps the last value for a moment rather than breaking a rep or a hold.
        if (lastMs !== null && tMs - lastMs > FORGET_MS) value = null;
        return value;
      }
      if (value === null || lastMs === null) {
        value = next;
      } else {
        const dt = Math.max(0, tMs - lastMs);
        const weight = 1 - (1 - alpha) ** (dt / REFERENCE_MS);
        value += weight * (next - value);
      }
      lastMs = tMs;
      return value;
    },
    reset() {
      value = null;
      lastMs = null;
    },
  };
}
