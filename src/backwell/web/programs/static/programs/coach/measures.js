// The one number a coach follows in a frame: a joint angle, a bend from a straight line, a tilt or a
// lift of one foot.
import { betterSide, MIN_VISIBILITY, point } from './landmarks.js';

const DEG = 180 / Math.PI;

// Points of the spec in square units: MediaPipe's x and y are fractions of the image's width and
// height, so x is stretched by the aspect ratio before any angle is taken (a 720x1280 portrait
// frame would otherwise skew every angle).
function seen(frame, name, side, aspect) {
  const p = point(frame, name, side);
  if (!p || p.visibility < MIN_VISIBILITY || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return null;
  return { x: p.x * aspect, y: p.y };
}

function points(frame, spec, aspect) {
  const sameName = spec.kind === 'tilt' && spec.points[0] === spec.points[1];
  const side = spec.side === 'left' || spec.side === 'right' ? spec.side : betterSide(frame, spec.points);
  const out = [];
  for (let i = 0; i < spec.points.length; i += 1) {
    // A tilt of one name twice ([hip, hip]) is the line across the body, left to right.
    const p = seen(frame, spec.points[i], sameName ? (i === 0 ? 'left' : 'right') : side, aspect);
    if (!p) return null;
    out.push(p);
  }
  return out;
}

function angleAt(a, b, c) {
  const ux = a.x - b.x;
  const uy = a.y - b.y;
  const vx = c.x - b.x;
  const vy = c.y - b.y;
  const norms = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  if (norms === 0) return null;
  const cos = Math.max(-1, Math.min(1, (ux * vx + uy * vy) / norms));
  return Math.acos(cos) * DEG;
}

// Slope of the line from a to b in degrees from horizontal, folded into (-90, 90] so the order of
// the two points does not matter; positive when the line rises to the right of the image.
function tilt(a, b) {
  if (a.x === b.x && a.y === b.y) return null;
  let deg = Math.atan2(-(b.y - a.y), b.x - a.x) * DEG;
  if (deg > 90) deg -= 180;
  if (deg <= -90) deg += 180;
  return deg;
}

// How far one side's point (an ankle, a heel) is above the other side's, in torso lengths (mid-shoulder
// to mid-hip), so the same lift reads the same near the camera and far from it. 0 on both feet.
function lift(frame, name, aspect) {
  const [a, b, ls, rs, lh, rh] = [name, 'shoulder', 'hip'].flatMap((n) => [
    seen(frame, n, 'left', aspect),
    seen(frame, n, 'right', aspect),
  ]);
  if (!a || !b || !ls || !rs || !lh || !rh) return null;
  const torso = Math.hypot((ls.x + rs.x - lh.x - rh.x) / 2, (ls.y + rs.y - lh.y - rh.y) / 2);
  if (torso === 0) return null;
  return Math.abs(a.y - b.y) / torso;
}

// spec = {kind: angle|line|tilt|lift, points: [...], side: auto|left|right}; null when not seen well.
// opts.aspect: width / height of the image for normalised frames (1 for pixel frames).
export function measure(frame, spec, { aspect = 1 } = {}) {
  if (!frame) return null;
  if (spec.kind === 'lift') return lift(frame, spec.points[0], aspect);
  const p = points(frame, spec, aspect);
  if (!p) return null;
  if (spec.kind === 'tilt') return tilt(p[0], p[1]);
  const angle = angleAt(p[0], p[1], p[2]);
  if (angle === null) return null;
  return spec.kind === 'line' ? 180 - angle : angle;
}
