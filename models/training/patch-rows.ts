/**
 * Row store for conv-patch training: features, the tile's pixel patch and the class per row. Normal
 * tiles are far more numerous than anomaly tiles and neighbouring ones overlap by half, so only a
 * seeded share of them is kept (the patches dominate memory: 3 KiB each).
 */
import { Rng } from '../../fixtures/generator/prng.js';
import { PATCH_CHANNELS, writePatch } from '../inference/patch-input.js';
import { FEATURE_COUNT } from '../inference/tile-features.js';
import type { RowOrigin, RowSink } from './tile-samples.js';

export interface PatchSet {
  /** Row-major [rows, FEATURE_COUNT]. */
  x: Float32Array;
  /** Row-major [rows, tileSize, tileSize, PATCH_CHANNELS]. */
  patches: Float32Array;
  y: Uint8Array;
}

export class PatchRows implements RowSink {
  private x = new Float32Array(1 << 16);
  private p: Float32Array;
  private y = new Uint8Array(1 << 12);
  private readonly rng: Rng;
  readonly patchSize: number;
  count = 0;

  /**
   * @param normalShare share of normal rows kept, drawn with a seeded stream.
   */
  constructor(tileSize: number, private readonly normalShare: number, seed: number) {
    this.patchSize = tileSize * tileSize * PATCH_CHANNELS;
    this.p = new Float32Array(this.patchSize * 4096);
    this.rng = Rng.stream(seed, 'patch-rows');
  }

  push(features: Float32Array, cls: number, origin: RowOrigin): void {
    if (cls === 0 && !this.rng.chance(this.normalShare)) return;
    if ((this.count + 1) * FEATURE_COUNT > this.x.length) this.x = grow(this.x, this.x.length * 2);
    if ((this.count + 1) * this.patchSize > this.p.length) this.p = grow(this.p, this.p.length * 2);
    if (this.count + 1 > this.y.length) this.y = grow(this.y, this.y.length * 2);
    this.x.set(features, this.count * FEATURE_COUNT);
    writePatch(origin.patches(), origin.grid, origin.t, this.p, this.count * this.patchSize);
    this.y[this.count++] = cls;
  }

  result(): PatchSet {
    return {
      x: this.x.slice(0, this.count * FEATURE_COUNT),
      patches: this.p.slice(0, this.count * this.patchSize),
      y: this.y.slice(0, this.count),
    };
  }
}

function grow<T extends Float32Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
