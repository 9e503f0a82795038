// Counts repetitions of a movement from one number, with hysteresis so a wobble never counts twice.

// A threshold counts as crossed only after this many readings in a row beyond it: one noisy
// frame (or a switch of side) must not complete half a rep.
export const CONFIRM = 2;

// repsSpec = {start: 'high'|'low', low, high}. start high: a rep goes from >= high down to <= low
// and back to >= high (a side leg lift's hip angle); start low is the reverse (a bridge's hip
// angle, a sit-to-stand's knee angle from sitting). per_rep: movements per repetition as the dose
// counts them (a bird dog's lift on each side makes one).
export function createRepCounter({ start = 'high', low, high, per_rep: perRep = 1 }) {
  const atStart = start === 'high' ? (v) => v >= high : (v) => v <= low;
  const atFar = start === 'high' ? (v) => v <= low : (v) => v >= high;
  let movements = 0;
  const reps = () => Math.floor(movements / perRep);
  // waiting: not yet in the start position; ready: in it; out: past the far threshold, on the way back.
  let phase = 'waiting';
  let streak = 0;
  return {
    push(value) {
      if (value === null || value === undefined || !Number.isFinite(value)) return { reps: reps(), phase };
      const crossing = phase === 'out' ? atStart(value) : phase === 'ready' ? atFar(value) : atStart(value);
      streak = crossing ? streak + 1 : 0;
      if (streak >= CONFIRM || (phase === 'waiting' && crossing)) {
        streak = 0;
        if (phase === 'out') movements += 1;
        phase = phase === 'ready' ? 'out' : 'ready';
      }
      return { reps: reps(), phase };
    },
    reset() {
      movements = 0;
      phase = 'waiting';
      streak = 0;
    },
  };
}
