/**
 * Training batches of the conv-seg network: fixed-size crops (the wasm backend wants fixed shapes)
 * with a label and a loss weight per output cell. A batch mixes crops around generator anomalies,
 * normal crops with synthetic objects injected in attenuation space (`anomaly-injection.ts`: both
 * energies consistent), plain normal crops and, once the network has learnt something, normal crops
 * centred on the cells it currently finds most suspicious (hard negatives). A share of crops drop the
 * ratio channel so one network serves single-energy scanners too.
 */
import type { Rng } from '../../fixtures/generator/prng.js';
import type { Kernels, Plane } from '../../kernels/index.js';
import { ratioPlane } from '../inference/model-input.js';
import { segChannelCount, segChannels, type SegNormalisation } from '../inference/seg-input.js';
import { injectObject, type ObjectShape } from './anomaly-injection.js';
import { IGNORE, POSITIVE_COVERAGE, type SegScan } from './seg-scans.js';

export interface CropMix {
  /** Crop side in model pixels, a multiple of the cell. */
  size: number;
  /** Shares of a batch: around a generator anomaly, normal with injected objects; the rest plain normal. */
  anomalyShare: number;
  injectedShare: number;
  /** Of the plain normal crops, the share centred on a hard negative (when there are any). */
  hardShare: number;
  singleEnergyShare: number;
  /** Injected objects adding less mean attenuation than this are not labelled (ignored). */
  minContrast: number;
  /** Outlines of the injected objects. */
  shapes: readonly ObjectShape[];
  /** Range of their width and height, cm (`injectObject`'s default when absent). */
  sizeCm?: readonly [number, number];
  positiveWeight: number;
}

export interface CropBatch {
  /** [n, size, size, channels] input planes. */
  x: Float32Array;
  /** [n, cells, cells, 1] labels 0 / 1 and loss weights (0 = ignored). */
  y: Float32Array;
  w: Float32Array;
  n: number;
}

/** A cell of a training scan (index into the normal scans, cell index in that scan). */
export interface CellRef {
  scan: number;
  cell: number;
}

export class SegCropSampler {
  private hard: CellRef[] = [];

  constructor(
    private readonly normals: readonly SegScan[],
    private readonly anomalies: readonly SegScan[],
    private readonly mix: CropMix,
    private readonly options: { kernels: Kernels; cell: number; pixelMm: number; ratioMinAttenuation: number; norm: SegNormalisation },
    private readonly rng: Rng,
  ) {}

  /** Replaces the hard negatives (cells of normal scans the current network scores highest). */
  setHardNegatives(cells: CellRef[]): void {
    this.hard = cells;
  }

  batch(n: number): CropBatch {
    const { size } = this.mix;
    const cells = size / this.options.cell;
    const batch: CropBatch = { x: new Float32Array(n * size * size * segChannelCount(this.options.norm.set)), y: new Float32Array(n * cells * cells), w: new Float32Array(n * cells * cells), n };
    const usable = this.anomalies.filter((s) => s.positives.length > 0);
    for (let i = 0; i < n; i++) {
      const u = this.rng.next();
      let scan: SegScan;
      let centre: number | undefined;
      let inject = false;
      if (u < this.mix.anomalyShare && usable.length > 0) {
        scan = this.rng.pick(usable);
        centre = scan.positives[this.rng.int(0, scan.positives.length - 1)];
      } else if (u < this.mix.anomalyShare + this.mix.injectedShare) {
        scan = this.rng.pick(this.normals);
        inject = true;
      } else if (this.hard.length > 0 && this.rng.chance(this.mix.hardShare)) {
        const ref = this.rng.pick(this.hard);
        scan = this.normals[ref.scan];
        centre = ref.cell;
      } else {
        scan = this.rng.pick(this.normals);
      }
      this.writeCrop(batch, i, scan, centre, inject);
    }
    return batch;
  }

  private writeCrop(batch: CropBatch, index: number, scan: SegScan, centre: number | undefined, inject: boolean): void {
    const { size, positiveWeight } = this.mix;
    const { cell } = this.options;
    const cells = size / cell;
    const maxC = Math.max(0, scan.cols - cells);
    const maxR = Math.max(0, scan.rows - cells);
    // The centre cell lands anywhere but the outer two cells of the crop.
    const c0 = centre === undefined ? this.rng.int(0, maxC) : clamp((centre % scan.cols) - this.rng.int(2, cells - 3), 0, maxC);
    const r0 = centre === undefined ? this.rng.int(0, maxR) : clamp(Math.floor(centre / scan.cols) - this.rng.int(2, cells - 3), 0, maxR);
    const high = cropPlane(scan.high, c0 * cell, r0 * cell, size);
    const low = scan.low && !this.rng.chance(this.mix.singleEnergyShare) ? cropPlane(scan.low, c0 * cell, r0 * cell, size) : undefined;
    const labels = new Uint8Array(cells * cells);
    for (let r = 0; r < cells; r++) {
      for (let c = 0; c < cells; c++) {
        const rr = r0 + r;
        const cc = c0 + c;
        labels[r * cells + c] = rr < scan.rows && cc < scan.cols ? scan.labels[rr * scan.cols + cc] : IGNORE;
      }
    }
    if (inject) this.injectInto(high, low, labels, cells);
    const medians = new Float32Array(size);
    for (let y = 0; y < size; y++) medians[y] = scan.medians[Math.min(scan.medians.length - 1, r0 * cell + y)];
    const ratio = low ? ratioPlane(this.options.kernels, high, low, this.options.ratioMinAttenuation) : undefined;
    const origin = { x: scan.origin.x + c0 * cell, y: scan.origin.y + r0 * cell };
    const planes = segChannels(high, ratio, { medians, textures: scan.textures, region: scan.region, origin }, this.options.norm);
    batch.x.set(planes, index * planes.length);
    for (let t = 0; t < labels.length; t++) {
      const o = index * cells * cells + t;
      batch.y[o] = labels[t] === 1 ? 1 : 0;
      batch.w[o] = labels[t] === IGNORE ? 0 : labels[t] === 1 ? positiveWeight : 1;
    }
  }

  /** One or two objects somewhere in the crop's inner part; their cells become positive or ignored. */
  private injectInto(high: Plane, low: Plane | undefined, labels: Uint8Array, cells: number): void {
    const { cell } = this.options;
    const objects = this.rng.chance(0.3) ? 2 : 1;
    for (let k = 0; k < objects; k++) {
      const centre = { x: this.rng.range(2 * cell, high.width - 2 * cell), y: this.rng.range(2 * cell, high.height - 2 * cell) };
      const injected = injectObject(high, low, centre, this.options.pixelMm, this.rng, this.mix.shapes, this.mix.sizeCm);
      const share = new Float32Array(cells * cells);
      for (let py = 0; py < injected.box.h; py++) {
        for (let px = 0; px < injected.box.w; px++) {
          const x = injected.box.x + px;
          const y = injected.box.y + py;
          if (x >= high.width || y >= high.height) continue;
          share[Math.floor(y / cell) * cells + Math.floor(x / cell)] += injected.coverage[py * injected.box.w + px] / (cell * cell);
        }
      }
      const visible = injected.contrast >= this.mix.minContrast;
      for (let t = 0; t < share.length; t++) {
        if (share[t] <= 0 || labels[t] === 1) continue;
        labels[t] = visible && share[t] >= POSITIVE_COVERAGE ? 1 : IGNORE;
      }
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** A size × size crop, zero beyond the plane. */
function cropPlane(p: Plane, x0: number, y0: number, size: number): Plane {
  const data = new Float32Array(size * size);
  const w = Math.min(size, p.width - x0);
  for (let y = 0; y < Math.min(size, p.height - y0); y++) data.set(p.data.subarray((y0 + y) * p.width + x0, (y0 + y) * p.width + x0 + w), y * size);
  return { data, width: size, height: size };
}
