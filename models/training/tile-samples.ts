/**
 * Turns prepared normal scans into labelled tile rows: every tile of the clean scan is normal, and
 * copies with injected objects contribute the tiles that clearly contain an object. Tiles that only
 * graze an object are left out rather than labelled either way, so the boundary is not taught noise.
 */
import { Rng } from '../../fixtures/generator/prng.js';
import type { Kernels, Plane } from '../../kernels/index.js';
import { findCargoRegion, tilesInRegion } from '../inference/cargo-region.js';
import { ratioPlane } from '../inference/model-input.js';
import { computeTileFeatures, FEATURE_COUNT, type TileGeometry, type TileGrid } from '../inference/tile-features.js';
import { patchSource, type PatchSource } from '../inference/patch-input.js';
import { injectObject, pickHidingPlace, type InjectedClass, type Injection } from './anomaly-injection.js';
import { clonePlanes, type PreparedScan } from './dataset.js';

export const CLASSES = ['normal', 'dense_object', 'organic_mass'] as const;
const CLASS_INDEX: Record<InjectedClass, number> = { dense_object: 1, organic_mass: 2 };

export interface SampleOptions {
  geometry: TileGeometry;
  modelPixelMm: number;
  ratioMinAttenuation: number;
  /** Copies with injected objects per scan. */
  injectedCopies: number;
  /** Objects per copy, spread over the vehicle. */
  objectsPerCopy: number;
  /** Injections adding less mean attenuation than this are too faint to call either way. */
  minContrast: number;
  /** Share of scans also used without their low-energy image (single-energy scanners). */
  singleEnergyShare: number;
  seed: number;
}

/** Where a row came from: enough to cut its pixel patch (conv-patch training); built lazily. */
export interface RowOrigin {
  patches: () => PatchSource;
  grid: TileGrid;
  t: number;
}

/** Receives labelled rows; {@link TileRows} keeps features only, `PatchRows` also the patches. */
export interface RowSink {
  push(features: Float32Array, cls: number, origin: RowOrigin): void;
}

/** Memoised patch source of a scan's planes. */
function lazyPatches(high: Plane, ratio: Plane | undefined): () => PatchSource {
  let source: PatchSource | undefined;
  return () => (source ??= patchSource(high, ratio));
}

/** Growable row store: features and class per row. */
export class TileRows implements RowSink {
  private x = new Float32Array(1 << 16);
  private y = new Uint8Array(1 << 12);
  count = 0;

  push(features: Float32Array, cls: number): void {
    if ((this.count + 1) * FEATURE_COUNT > this.x.length) this.x = grow(this.x, this.x.length * 2);
    if (this.count + 1 > this.y.length) this.y = grow(this.y, this.y.length * 2);
    this.x.set(features, this.count * FEATURE_COUNT);
    this.y[this.count++] = cls;
  }

  result(): { x: Float32Array; y: Uint8Array } {
    return { x: this.x.slice(0, this.count * FEATURE_COUNT), y: this.y.slice(0, this.count) };
  }
}

/** Adds the rows of one normal scan (clean, and with injected objects) to `rows`. */
export function addScanSamples(kernels: Kernels, scan: PreparedScan, options: SampleOptions, rows: RowSink): void {
  const rng = Rng.stream(options.seed ^ scan.seed, 'samples');
  const single = !scan.low || rng.chance(options.singleEnergyShare);
  const featuresOf = (high: Plane, low: Plane | undefined, dual: boolean) => {
    const ratio = dual && low ? ratioPlane(kernels, high, low, options.ratioMinAttenuation) : undefined;
    return { ...computeTileFeatures(high, ratio, options.geometry), patches: lazyPatches(high, ratio) };
  };

  const region = findCargoRegion(scan.high, options.modelPixelMm);
  const clean = featuresOf(scan.high, scan.low, !single);
  const inside = tilesInRegion(clean.grid, region);
  for (let t = 0; t < inside.length; t++) {
    if (inside[t]) rows.push(clean.data.subarray(t * FEATURE_COUNT, (t + 1) * FEATURE_COUNT), 0, { patches: clean.patches, grid: clean.grid, t });
  }

  for (let copy = 0; copy < options.injectedCopies; copy++) {
    const planes = clonePlanes(scan);
    const injections: Injection[] = [];
    for (let i = 0; i < options.objectsPerCopy; i++) {
      injections.push(injectObject(planes.high, planes.low, pickHidingPlace(scan.high, region, rng), options.modelPixelMm, rng));
    }
    const injected = featuresOf(planes.high, planes.low, !rng.chance(options.singleEnergyShare));
    const labels = labelTiles(injected.grid, injections, options.minContrast);
    labels.forEach((cls, t) => {
      if (cls > 0 && inside[t]) rows.push(injected.data.subarray(t * FEATURE_COUNT, (t + 1) * FEATURE_COUNT), cls, { patches: injected.patches, grid: injected.grid, t });
    });
  }
}

/**
 * Adds the anomaly tiles of a generator anomaly scan. `clean` is the same seed and cargo without
 * the anomaly (the generator keeps cargo and noise streams apart, so the two differ only by it):
 * their difference is the anomaly's exact footprint and contrast at model resolution.
 * @returns the number of rows added (0 when the scans differ beyond the anomaly or it is too faint).
 */
export function addAnomalySamples(kernels: Kernels, anomalous: PreparedScan, clean: PreparedScan, options: SampleOptions, rows: RowSink): number {
  const { high, low } = anomalous;
  if (high.width !== clean.high.width || high.height !== clean.high.height) return 0;
  const diff = new Float32Array(high.data.length);
  let total = 0;
  let changed = 0;
  for (let i = 0; i < diff.length; i++) {
    diff[i] = Math.abs(high.data[i] - clean.high.data[i]);
    total += diff[i];
    if (diff[i] > 0.05) changed++;
  }
  // If the anomaly changed more than its own box (the generator re-planned the load), the
  // difference is no footprint: skip the scan rather than learn from it.
  const boxArea = anomalous.boxes.reduce((sum, b) => sum + (b.w + 2) * (b.h + 2), 0);
  if (changed > 2 * boxArea + 16) return 0;
  const cls = anomalyClass(anomalous);
  const ratio = low ? ratioPlane(kernels, high, low, options.ratioMinAttenuation) : undefined;
  const features = computeTileFeatures(high, ratio, options.geometry);
  const { grid } = features;
  const patches = lazyPatches(high, ratio);
  const inside = tilesInRegion(grid, findCargoRegion(clean.high, options.modelPixelMm));
  let added = 0;
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      let mass = 0;
      let peak = 0;
      for (let y = grid.ys[r]; y < Math.min(grid.ys[r] + grid.tileSize, high.height); y++) {
        for (let x = grid.xs[c]; x < Math.min(grid.xs[c] + grid.tileSize, high.width); x++) {
          const d = diff[y * high.width + x];
          mass += d;
          if (d > peak) peak = d;
        }
      }
      const clear = inside[r * grid.cols + c] === 1 && peak >= options.minContrast && (mass >= 0.3 * total || mass >= 0.2 * grid.tileSize * grid.tileSize * options.minContrast);
      if (!clear) continue;
      const t = r * grid.cols + c;
      rows.push(features.data.subarray(t * FEATURE_COUNT, (t + 1) * FEATURE_COUNT), cls, { patches, grid, t });
      added++;
    }
  }
  return added;
}

/** Organic bricks and organic irregular items are organic masses; everything else is dense. */
function anomalyClass(scan: PreparedScan): number {
  const organic = scan.anomaly === 'organic-brick' || (scan.anomaly === 'irregular-item' && scan.anomalyParams?.steelItem === false);
  return organic ? CLASS_INDEX.organic_mass : CLASS_INDEX.dense_object;
}

/**
 * Per tile: class index of the object that clearly lies in it (≥ half of the object, or ≥ 20 % of
 * the tile), −1 when an object only grazes it or is too faint, 0 when no object touches it.
 */
export function labelTiles(grid: TileGrid, injections: readonly Injection[], minContrast: number): Int8Array {
  const labels = new Int8Array(grid.cols * grid.rows);
  const tileArea = grid.tileSize * grid.tileSize;
  for (const injection of injections) {
    const total = injection.coverage.reduce((s, v) => s + v, 0);
    if (total <= 0) continue;
    const faint = injection.contrast < minContrast;
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const inside = coveredArea(injection, grid.xs[c], grid.ys[r], grid.tileSize);
        if (inside <= 0) continue;
        const t = r * grid.cols + c;
        const clear = !faint && (inside >= 0.5 * total || inside >= 0.2 * tileArea);
        if (clear) labels[t] = CLASS_INDEX[injection.cls];
        else if (labels[t] === 0) labels[t] = -1;
      }
    }
  }
  return labels;
}

function coveredArea(injection: Injection, x0: number, y0: number, size: number): number {
  const { box, coverage } = injection;
  const xa = Math.max(x0, box.x);
  const xb = Math.min(x0 + size, box.x + box.w);
  const ya = Math.max(y0, box.y);
  const yb = Math.min(y0 + size, box.y + box.h);
  let sum = 0;
  for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) sum += coverage[(y - box.y) * box.w + (x - box.x)];
  return sum;
}

function grow<T extends Float32Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
