// BlazePose landmarks by name: the one place that knows the model's 33-point order.

export const INDEX = Object.freeze({
  nose: 0,
  left_eye_inner: 1, left_eye: 2, left_eye_outer: 3,
  right_eye_inner: 4, right_eye: 5, right_eye_outer: 6,
  left_ear: 7, right_ear: 8, mouth_left: 9, mouth_right: 10,
  left_shoulder: 11, right_shoulder: 12, left_elbow: 13, right_elbow: 14,
  left_wrist: 15, right_wrist: 16, left_pinky: 17, right_pinky: 18,
  left_index: 19, right_index: 20, left_thumb: 21, right_thumb: 22,
  left_hip: 23, right_hip: 24, left_knee: 25, right_knee: 26,
  left_ankle: 27, right_ankle: 28, left_heel: 29, right_heel: 30,
  left_foot_index: 31, right_foot_index: 32,
});

// Below this MediaPipe's own visibility score a point is more guessed than seen.
export const MIN_VISIBILITY = 0.5;

// A landmark as {x, y, visibility}, from either a MediaPipe result ({x, y, z, visibility}) or a
// fixture's pixel triple ([x, y, z], visibility 1); null when the frame or the point is missing.
// `name` has no side ("knee"); `side` is "left" or "right" and is ignored for the nose.
export function point(frame, name, side) {
  if (!frame) return null;
  const index = name === 'nose' ? INDEX.nose : INDEX[`${side}_${name}`];
  if (index === undefined) throw new Error(`unknown landmark ${side} ${name}`);
  const raw = frame[index];
  if (!raw) return null;
  if (Array.isArray(raw)) return { x: raw[0], y: raw[1], visibility: 1 };
  const visibility = raw.visibility === undefined ? 1 : raw.visibility;
  return { x: raw.x, y: raw.y, visibility };
}

// The side whose listed points the model sees better (summed visibility); left on a tie, so the
// choice is stable when both sides are equally clear.
export function betterSide(frame, names) {
  let left = 0;
  let right = 0;
  for (const name of names) {
    left += point(frame, name, 'left')?.visibility ?? 0;
    right += point(frame, name, 'right')?.visibility ?? 0;
  }
  return right > left ? 'right' : 'left';
}

// How much better (summed visibility per point) the other side must be seen before a keeper
// switches to it: without this, a front view with both sides equally clear flips every frame.
const SWITCH_MARGIN = 0.15;

// betterSide with memory, for following one side through a whole exercise.
export function createSideKeeper(names) {
  let side = null;
  return (frame) => {
    if (!frame) return side ?? 'left';
    const seen = (s) => names.reduce((sum, name) => sum + (point(frame, name, s)?.visibility ?? 0), 0);
    const left = seen('left');
    const right = seen('right');
    const best = right > left ? 'right' : 'left';
    if (side === null || (best !== side && Math.abs(left - right) > SWITCH_MARGIN * names.length)) side = best;
    return side;
  };
}
