/**
 * The input planes of the segmentation model (`conv-seg`), per model pixel, interleaved HWC, each
 * normalised as (value − mean) / std with the constants stored in the model's meta. The sets:
 *
 * `seg-a-r-rowctx-v1` (conv-seg 1.0.0):
 * 0. attenuation A (the detector floor keeps it ≤ ln 60000 ≈ 11);
 * 1. dual-energy ratio A_low / A_high, or 0 after normalisation where the ratio is undefined (thin
 *    matter) and for single-energy scans;
 * 2. A minus the median A of its image row inside the container: the load's usual level at that
 *    height, so an object that is dense *for this load* stands out even where the whole row is dark.
 *
 * `seg-a-r-rowctx-tophat-v2` adds two planes for small dense objects, which 1.0.0 missed even on
 * flat loads because its 58 cm receptive field cannot tell a frozen-fish load (where a 10 cm bump
 * never happens) from an electronics load (where every carton has one):
 * 3. the compact top-hat of A (`compactTopHat`, 9 px = 18 cm): dense structure smaller than 18 cm
 *    in both directions, zero on carton edges, flat stacks and the container's lines;
 * 4. the load's texture: log of the 90th percentile of that top-hat over the container's matter, one
 *    value for the whole scan, so the network knows how often such bumps happen in this load.
 *
 * `seg-a-r-rowctx-tophat2-v3` has those two planes per top-hat scale (9 and 25 px). `seg-a-r-rowctx-tophat2-pos-v4`
 * adds where the pixel sits in the container, because its own structure is dense and compact exactly at
 * its corners (corner castings at ≈ 9 attenuation, a top-hat of 5): without it, conv-seg 1.2.0 learnt that
 * any 12 cm object that dense is normal, and scored a block adding 6 to the attenuation below one adding 1:
 * - distance to the nearer container end, model px, clipped at {@link END_SPAN_PX};
 * - distance to the roof or the floor, whichever is nearer, clipped at {@link ROOF_FLOOR_SPAN_PX}.
 *
 * `seg-a-r-rowctx-tophat2-rel-pos-v5` adds, per top-hat scale, how many times taller a bump is than the
 * load's usual ones (`writeRelativePlane`), before the two position planes.
 *
 * Training builds its crops from the same functions, so the network sees what inference gives it.
 */
import type { Plane } from '../../kernels/types.js';
import type { Region } from './cargo-region.js';
import { compactTopHat } from './morphology.js';

/**
 * The input sets: a set's name is stored in each conv-seg model's meta (`featureSet`). Each top-hat
 * scale (side in model px) adds two planes, the compact top-hat and the load's texture at that scale
 * (three with `relative`: the bump against the load's usual ones); `position` adds two at the end.
 */
export const SEG_INPUT_SETS = {
  'seg-a-r-rowctx-v1': { hatSides: [], relative: false, position: false },
  'seg-a-r-rowctx-tophat-v2': { hatSides: [9], relative: false, position: false },
  'seg-a-r-rowctx-tophat2-v3': { hatSides: [9, 25], relative: false, position: false },
  'seg-a-r-rowctx-tophat2-pos-v4': { hatSides: [9, 25], relative: false, position: true },
  'seg-a-r-rowctx-tophat2-rel-pos-v5': { hatSides: [9, 25], relative: true, position: true },
} as const satisfies Record<string, { hatSides: readonly number[]; relative: boolean; position: boolean }>;
export type SegInputSet = keyof typeof SEG_INPUT_SETS;

/** The set new models train on. */
export const SEG_INPUT_SET: SegInputSet = 'seg-a-r-rowctx-tophat2-pos-v4';

/** Model px (1.2 m at 20 mm) beyond which the distance to a container end is not told apart: end frames, reefer units and castings lie within it. */
export const END_SPAN_PX = 60;
/** Model px (0.5 m) beyond which the distance to the roof or floor is not told apart. */
export const ROOF_FLOOR_SPAN_PX = 25;

export function isSegInputSet(name: string): name is SegInputSet {
  return Object.hasOwn(SEG_INPUT_SETS, name);
}

/** Channel names of a set, in plane order. */
export function segChannelNames(set: SegInputSet): string[] {
  const hats = SEG_INPUT_SETS[set].hatSides.flatMap((side) => [`compact_tophat_${side}px`, `load_texture_${side}px`]);
  const relative = SEG_INPUT_SETS[set].relative ? SEG_INPUT_SETS[set].hatSides.map((side) => `bump_vs_load_${side}px`) : [];
  const position = SEG_INPUT_SETS[set].position ? ['container_end_distance', 'roof_floor_distance'] : [];
  return ['attenuation', 'dual_ratio', 'attenuation_vs_row_median', ...hats, ...relative, ...position];
}

export function segChannelCount(set: SegInputSet): number {
  const { hatSides, relative, position } = SEG_INPUT_SETS[set];
  return 3 + (relative ? 3 : 2) * hatSides.length + (position ? 2 : 0);
}

/** Which planes, and per channel (value − mean) / std. */
export interface SegNormalisation {
  set: SegInputSet;
  mean: readonly number[];
  std: readonly number[];
}

/**
 * The ratio is centred between organic (1.23) and steel (1.09); the 9 px texture (log) spans about
 * −3.3 (frozen fish) to −0.5 (steel); distances map their clipped span onto [−1, 1].
 */
export const SEG_NORMALISATIONS: Record<SegInputSet, SegNormalisation> = {
  'seg-a-r-rowctx-v1': { set: 'seg-a-r-rowctx-v1', mean: [0, 1.15, 0], std: [3, 0.2, 2] },
  'seg-a-r-rowctx-tophat-v2': { set: 'seg-a-r-rowctx-tophat-v2', mean: [0, 1.15, 0, 0, -2], std: [3, 0.2, 2, 1, 1] },
  'seg-a-r-rowctx-tophat2-v3': { set: 'seg-a-r-rowctx-tophat2-v3', mean: [0, 1.15, 0, 0, -2, 0, -2], std: [3, 0.2, 2, 1, 1, 1, 1] },
  'seg-a-r-rowctx-tophat2-pos-v4': {
    set: 'seg-a-r-rowctx-tophat2-pos-v4',
    mean: [0, 1.15, 0, 0, -2, 0, -2, END_SPAN_PX / 2, ROOF_FLOOR_SPAN_PX / 2],
    std: [3, 0.2, 2, 1, 1, 1, 1, END_SPAN_PX / 2, ROOF_FLOOR_SPAN_PX / 2],
  },
  'seg-a-r-rowctx-tophat2-rel-pos-v5': {
    set: 'seg-a-r-rowctx-tophat2-rel-pos-v5',
    mean: [0, 1.15, 0, 0, -2, 0, -2, 0.5, 0.5, END_SPAN_PX / 2, ROOF_FLOOR_SPAN_PX / 2],
    std: [3, 0.2, 2, 1, 1, 1, 1, 1, 1, END_SPAN_PX / 2, ROOF_FLOOR_SPAN_PX / 2],
  },
};
export const SEG_NORMALISATION = SEG_NORMALISATIONS[SEG_INPUT_SET];

/** What the planes need from the whole scan besides the pixels themselves. */
export interface SegContext {
  /** Per image row, from {@link rowMedians}. */
  medians: Float32Array;
  /** Per top-hat scale of the set, from {@link loadTexture}. */
  textures: readonly number[];
  /** Per scale, the compact top-hat of the very plane the channels are built from, when already computed. */
  hats?: readonly Plane[];
  /** The container, in the coordinates of the whole scan (the plane's own bounds when absent). */
  region?: Region;
  /** Where the plane starts in the whole scan, for a crop of it; (0, 0) when absent. */
  origin?: { x: number; y: number };
}

/** Below this attenuation a pixel is air or the bare container, not load, for the texture. */
const MATTER_ATTENUATION = 0.5;
/** Added to the texture's percentile before the log, so a flat load has a finite texture. */
const TEXTURE_OFFSET = 0.02;
/** The least usual bump height of a load: noise (top-hats of ~0.1 at 20 mm) is never a tall bump. */
const RELATIVE_FLOOR = 0.1;

/** Median attenuation of each row over the region's columns (every column when there is none). */
export function rowMedians(a: Plane, region: Region | undefined): Float32Array {
  const x0 = region?.x0 ?? 0;
  const x1 = region?.x1 ?? a.width;
  const medians = new Float32Array(a.height);
  const row = new Float32Array(x1 - x0);
  for (let y = 0; y < a.height; y++) {
    row.set(a.data.subarray(y * a.width + x0, y * a.width + x1));
    row.sort();
    medians[y] = row.length > 0 ? row[row.length >> 1] : 0;
  }
  return medians;
}

/**
 * The load's texture: log(0.02 + the 90th percentile of `hat`, the compact top-hat of `a`) over the
 * pixels of the region that hold matter (an empty container or the air above a half load would
 * dilute it).
 */
export function loadTexture(a: Plane, hat: Plane, region: Region | undefined): number {
  const x0 = region?.x0 ?? 0, x1 = region?.x1 ?? a.width, y0 = region?.y0 ?? 0, y1 = region?.y1 ?? a.height;
  const values = new Float32Array(Math.max(0, (x1 - x0) * (y1 - y0)));
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) if (a.data[y * a.width + x] >= MATTER_ATTENUATION) values[n++] = hat.data[y * a.width + x];
  }
  if (n === 0) return Math.log(TEXTURE_OFFSET);
  const matter = values.subarray(0, n).sort();
  return Math.log(TEXTURE_OFFSET + matter[Math.floor(0.9 * (n - 1))]);
}

/** The per-scan context of {@link segChannels}; `region` is the container (every pixel when undefined). */
export function segContext(a: Plane, region: Region | undefined, set: SegInputSet): SegContext {
  const hats = SEG_INPUT_SETS[set].hatSides.map((side) => compactTopHat(a, side));
  return { medians: rowMedians(a, region), textures: hats.map((hat) => loadTexture(a, hat, region)), hats, region };
}

/**
 * @param a high-energy attenuation at model resolution.
 * @param ratio the dual-ratio plane of the same size (absent for single-energy scans).
 * @param context per-row medians (aligned with `a`'s rows), the load textures and, for the position
 *   planes, the container and where `a` lies in the scan.
 * @param norm the model's input set and normalisation constants (meta `featureSet`, `featureMean` / `featureStd`).
 * @returns width × height × channels floats, row-major, channels last.
 */
export function segChannels(a: Plane, ratio: Plane | undefined, context: SegContext, norm: SegNormalisation): Float32Array {
  const depth = segChannelCount(norm.set);
  const out = new Float32Array(a.width * a.height * depth);
  const [ma, mr, mc] = norm.mean;
  const [ia, ir, ic] = norm.std.map((s) => 1 / s);
  for (let y = 0; y < a.height; y++) {
    const m = context.medians[y];
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x;
      const o = i * depth;
      const v = a.data[i];
      const r = ratio ? ratio.data[i] : 0;
      out[o] = (v - ma) * ia;
      out[o + 1] = r > 0 ? (r - mr) * ir : 0;
      out[o + 2] = (v - m - mc) * ic;
    }
  }
  const { hatSides, relative, position } = SEG_INPUT_SETS[norm.set];
  hatSides.forEach((side, k) => {
    const given = context.hats?.[k];
    const hat = (given && given.data.length === a.data.length ? given : compactTopHat(a, side)).data;
    const c = 3 + 2 * k;
    const [mh, mt] = [norm.mean[c], norm.mean[c + 1]];
    const [ih, it] = [1 / norm.std[c], 1 / norm.std[c + 1]];
    const texture = (context.textures[k] - mt) * it;
    for (let i = 0; i < hat.length; i++) {
      out[i * depth + c] = (hat[i] - mh) * ih;
      out[i * depth + c + 1] = texture;
    }
    if (relative) writeRelativePlane(out, hat, context.textures[k], 3 + 2 * hatSides.length + k, depth, norm);
  });
  if (position) writePositionPlanes(out, a, context, depth - 2, depth, norm);
  return out;
}

/**
 * How many times taller a bump is than the load's usual ones at that scale: log(1 + hat / (0.1 + p90)),
 * p90 the 90th percentile the texture was taken from. The network has the bump and the texture, but
 * a division is hard for it to learn: conv-seg 1.3.0 passed a lead block adding 4.4 to a produce load
 * whose 50 cm texture was high (crate-to-crate variation of 0.5), and flagged it when told the load was flat.
 */
function writeRelativePlane(out: Float32Array, hat: Float32Array, texture: number, c: number, depth: number, norm: SegNormalisation): void {
  const usual = RELATIVE_FLOOR + Math.max(0, Math.exp(texture) - TEXTURE_OFFSET);
  const [m, inv] = [norm.mean[c], 1 / norm.std[c]];
  for (let i = 0; i < hat.length; i++) out[i * depth + c] = (Math.log1p(hat[i] / usual) - m) * inv;
}

/** Channels `c`, `c + 1`: distances to the nearer container end and to the roof or floor, clipped and normalised. */
function writePositionPlanes(out: Float32Array, a: Plane, context: SegContext, c: number, depth: number, norm: SegNormalisation): void {
  const { x: ox, y: oy } = context.origin ?? { x: 0, y: 0 };
  const region = context.region ?? { x0: ox, y0: oy, x1: ox + a.width, y1: oy + a.height };
  const [me, mf] = [norm.mean[c], norm.mean[c + 1]];
  const [ie, jf] = [1 / norm.std[c], 1 / norm.std[c + 1]];
  const span = (d: number, max: number) => Math.max(0, Math.min(max, d));
  for (let y = 0; y < a.height; y++) {
    const gy = oy + y;
    const roofFloor = (span(Math.min(gy - region.y0, region.y1 - 1 - gy), ROOF_FLOOR_SPAN_PX) - mf) * jf;
    for (let x = 0; x < a.width; x++) {
      const gx = ox + x;
      const o = (y * a.width + x) * depth + c;
      out[o] = (span(Math.min(gx - region.x0, region.x1 - 1 - gx), END_SPAN_PX) - me) * ie;
      out[o + 1] = roofFloor;
    }
  }
}
