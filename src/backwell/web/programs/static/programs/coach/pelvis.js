// The single-leg stance test: how far the pelvis drops on the side of the lifted leg.
import { MIN_VISIBILITY, point } from './landmarks.js';

const DEG = 180 / Math.PI;
// A foot counts as lifted when its ankle is this share of the leg's length above the other one.
const LIFT_SHARE = 0.05;
// Fewer readings than this on one leg give no result for it (about a second at 8 fps).
const MIN_READINGS = 8;
// Shifting onto one leg takes a moment: readings this soon after the foot lifts are not the stance.
const SETTLE_MS = 600;

function seen(frame, name, side, aspect) {
  const p = point(frame, name, side);
  if (!p || p.visibility < MIN_VISIBILITY) return null;
  return { x: p.x * aspect, y: p.y };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The hip line's slope, positive when the person's right hip is lower (image y points down).
function rightHipDrop(hips) {
  return Math.atan2(hips.right.y - hips.left.y, Math.abs(hips.right.x - hips.left.x)) * DEG;
}

export function createPelvisDropMeter() {
  // Standing on both feet gives the person's own level (a pelvis, or a phone, is rarely exactly level).
  const baseline = [];
  const drops = { left: [], right: [] };
  let stance = null; // {side, since}: the leg stood on and when the other foot lifted

  return {
    // -> {standingSide, dropDeg} while on one leg, null on both feet or when not seen.
    // lifted: the coach's gate (a foot clearly lifted, with hysteresis), when the spec has one.
    push(frame, tMs, { aspect = 1, lifted } = {}) {
      if (!frame) return null;
      const hips = { left: seen(frame, 'hip', 'left', aspect), right: seen(frame, 'hip', 'right', aspect) };
      const ankles = { left: seen(frame, 'ankle', 'left', aspect), right: seen(frame, 'ankle', 'right', aspect) };
      if (!hips.left || !hips.right || !ankles.left || !ankles.right) return null;
      const leg = Math.hypot(hips.left.x - ankles.left.x, hips.left.y - ankles.left.y);
      const tilt = rightHipDrop(hips);
      const rise = ankles.left.y - ankles.right.y; // > 0: the right ankle is higher
      if (Math.abs(rise) < LIFT_SHARE * leg) {
        baseline.push(tilt);
        stance = null;
        return null;
      }
      // Off the floor but not clearly lifted (the gate is closed): neither a stance nor the level.
      if (lifted === false) {
        stance = null;
        return null;
      }
      const liftedSide = rise > 0 ? 'right' : 'left';
      const standingSide = liftedSide === 'right' ? 'left' : 'right';
      const level = baseline.length ? median(baseline) : 0;
      // Positive when the lifted leg's side of the pelvis is lower than when standing on both feet.
      const dropDeg = liftedSide === 'right' ? tilt - level : level - tilt;
      if (stance?.side !== standingSide) stance = { side: standingSide, since: tMs };
      if (tMs - stance.since >= SETTLE_MS) drops[standingSide].push(dropDeg);
      return { standingSide, dropDeg };
    },
    // The typical drop while standing on each leg (the key the self-test records it under).
    result() {
      const of = (values) => (values.length >= MIN_READINGS ? median(values) : null);
      return { left: of(drops.left), right: of(drops.right) };
    },
    reset() {
      baseline.length = 0;
      drops.left.length = 0;
      drops.right.length = 0;
      stance = null;
    },
  };
}
