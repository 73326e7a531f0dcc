/**
 * Physically consistent synthetic anomalies, added in attenuation space at model resolution: an
 * object of material m and thickness t (along the ray) replaces t of the ray's path through the
 * cargo, so A' = A·(1 − t/L) + μ_m(E)·ρ_m·t at each energy E, weighted by the fraction of the model
 * pixel the object covers. Both energies change together, so the dual-energy ratio moves the way a
 * real object of that material would move it.
 */
import type { Rng } from '../../fixtures/generator/prng.js';
import type { Plane } from '../../kernels/index.js';
import type { Region } from '../inference/cargo-region.js';

export type InjectedClass = 'dense_object' | 'organic_mass';

interface ObjectMaterial {
  cls: InjectedClass;
  muHigh: number;
  muLow: number;
  /** Density range, g/cm³. */
  density: [number, number];
  /** Thickness range along the ray, cm. */
  thickness: [number, number];
}

// μ/ρ from the domain brief (NIST XCOM, monoenergetic). Thicknesses (drawn log-uniform) span faint
// to saturating: a thick block that blacks out the detector is the most obvious anomaly of all and
// must not look like the saturated steel coils and reefer units of normal traffic.
const OBJECT_MATERIALS: readonly ObjectMaterial[] = [
  { cls: 'dense_object', muHigh: 0.0305, muLow: 0.0332, density: [7.85, 7.85], thickness: [1.5, 60] },
  { cls: 'dense_object', muHigh: 0.0439, muLow: 0.042, density: [11.35, 11.35], thickness: [1, 40] },
  { cls: 'dense_object', muHigh: 0.0259, muLow: 0.031, density: [2.7, 2.7], thickness: [5, 80] },
  { cls: 'organic_mass', muHigh: 0.0277, muLow: 0.034, density: [0.9, 1.3], thickness: [20, 150] },
];

/** Inside path length of the ray through a container, cm (domain brief: 2.35 m). */
const PATH_CM = 235;
/** ln(60000): attenuation where the default detector reads nothing; calibrate clamps there. */
const MAX_ATTENUATION = Math.log(60000);

export interface Injection {
  cls: InjectedClass;
  /** Box in model pixels. */
  box: { x: number; y: number; w: number; h: number };
  /** Per model pixel of the box, the fraction the object covers (row-major, box-sized). */
  coverage: Float32Array;
  /** Mean added high-energy attenuation over the covered area: how visible the object is. */
  contrast: number;
}

/**
 * A spot in the container (the region the model scores), preferring pixels where the beam met
 * cargo rather than only the two walls: contraband hides in the load, or in the empty space of a
 * half-full or empty container.
 */
export function pickHidingPlace(high: Plane, region: Region | undefined, rng: Rng): { x: number; y: number } {
  const box = region ?? { x0: 0, y0: 0, x1: high.width, y1: high.height };
  const inCargo = rng.chance(0.75);
  for (let attempt = 0; attempt < 200; attempt++) {
    const x = rng.int(box.x0, box.x1 - 1);
    const y = rng.int(box.y0, box.y1 - 1);
    if (!inCargo || high.data[y * high.width + x] > 0.3) return { x, y };
  }
  return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
}

/** Outline of an injected object: an axis-aligned block, or a smooth irregular blob (Perlin-like). */
export const OBJECT_SHAPES = ['box', 'blob'] as const;
export type ObjectShape = (typeof OBJECT_SHAPES)[number];

/**
 * Adds one object centred on `centre` to the planes (in place), clipped to the image.
 * @param pixelMm model pixel pitch, to turn object sizes in cm into pixels.
 * @param shapes outlines to draw from (default blocks only, as tile-anomaly 1.0.0 was trained).
 * @param sizeCm range of the object's width and height, each drawn log-uniform (default 8-90 cm:
 *   from a few bricks to a crate-sized block).
 */
export function injectObject(
  high: Plane,
  low: Plane | undefined,
  centre: { x: number; y: number },
  pixelMm: number,
  rng: Rng,
  shapes: readonly ObjectShape[] = ['box'],
  sizeCm: readonly [number, number] = [8, 90],
): Injection {
  const material = rng.pick(OBJECT_MATERIALS);
  const pxPerCm = 10 / pixelMm;
  const size = () => Math.exp(rng.range(Math.log(sizeCm[0]), Math.log(sizeCm[1]))) * pxPerCm;
  const w = Math.min(high.width - 1, size());
  const h = Math.min(high.height - 1, size());
  const x = Math.max(0, Math.min(high.width - w, centre.x - w / 2));
  const y = Math.max(0, Math.min(high.height - h, centre.y - h / 2));
  const thickness = Math.exp(rng.range(Math.log(material.thickness[0]), Math.log(material.thickness[1])));
  const density = rng.range(material.density[0], material.density[1]);
  const addHigh = material.muHigh * density * thickness;
  const addLow = material.muLow * density * thickness;
  const keep = 1 - thickness / PATH_CM;
  // One shape draws nothing from the stream, so block-only training replays as before.
  const inside = shapes.length > 1 && rng.pick(shapes) === 'blob' ? blobOutline(rng) : shapes[0] === 'blob' ? blobOutline(rng) : undefined;
  const box = { x: Math.floor(x), y: Math.floor(y), w: Math.ceil(x + w) - Math.floor(x), h: Math.ceil(y + h) - Math.floor(y) };
  const coverage = new Float32Array(box.w * box.h);
  let added = 0;
  let covered = 0;
  for (let py = 0; py < box.h; py++) {
    const cy = overlap(box.y + py, y, y + h);
    for (let px = 0; px < box.w; px++) {
      let m = cy * overlap(box.x + px, x, x + w);
      // A blob covers the share of 4 × 4 sub-pixel points inside its outline (in box-relative units).
      if (inside && m > 0) m = subPixelShare((u, v) => inside((box.x + px + u - x) / w, (box.y + py + v - y) / h));
      if (m <= 0) continue;
      coverage[py * box.w + px] = m;
      const i = (box.y + py) * high.width + box.x + px;
      const before = high.data[i];
      high.data[i] = blend(before, keep, addHigh, m);
      if (low) low.data[i] = blend(low.data[i], keep, addLow, m);
      added += high.data[i] - before;
      covered += m;
    }
  }
  return { cls: material.cls, box, coverage, contrast: covered > 0 ? added / covered : 0 };
}

/**
 * A random smooth outline in the unit square: radius 0.5 · (1 + Σ a_k sin(kθ + φ_k)) for k = 2..4,
 * so the shape is lumpy but never a rectangle (Perlin-like shapes of the synthetic prior).
 */
function blobOutline(rng: Rng): (u: number, v: number) => boolean {
  const harmonics = [2, 3, 4].map((k) => ({ k, a: rng.range(0, 0.22), phase: rng.range(0, 2 * Math.PI) }));
  return (u, v) => {
    const dx = u - 0.5;
    const dy = v - 0.5;
    const theta = Math.atan2(dy, dx);
    const radius = 0.5 * (1 + harmonics.reduce((r, h) => r + h.a * Math.sin(h.k * theta + h.phase), 0)) / 1.25;
    return Math.hypot(dx, dy) <= radius;
  };
}

function subPixelShare(inside: (u: number, v: number) => boolean): number {
  let n = 0;
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) if (inside((i + 0.5) / 4, (j + 0.5) / 4)) n++;
  return n / 16;
}

function blend(a: number, keep: number, add: number, m: number): number {
  return Math.min(MAX_ATTENUATION, (1 - m) * a + m * (a * keep + add));
}

/** Length of [p, p+1) ∩ [a, b). */
function overlap(p: number, a: number, b: number): number {
  return Math.max(0, Math.min(p + 1, b) - Math.max(p, a));
}
