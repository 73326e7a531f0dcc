import { describe, expect, it } from 'vitest';
import { compactTopHat } from '../../../models/inference/morphology.js';
import { END_SPAN_PX, loadTexture, ROOF_FLOOR_SPAN_PX, rowMedians, SEG_NORMALISATIONS, segChannelCount, segChannels, segContext } from '../../../models/inference/seg-input.js';

const plane = (width: number, height: number, f: (x: number, y: number) => number) => ({
  data: Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width))),
  width,
  height,
});
const V1 = SEG_NORMALISATIONS['seg-a-r-rowctx-v1'];
const V2 = SEG_NORMALISATIONS['seg-a-r-rowctx-tophat-v2'];
const V3 = SEG_NORMALISATIONS['seg-a-r-rowctx-tophat2-v3'];
const V4 = SEG_NORMALISATIONS['seg-a-r-rowctx-tophat2-pos-v4'];
const V5 = SEG_NORMALISATIONS['seg-a-r-rowctx-tophat2-rel-pos-v5'];
/** The 18 cm top-hat of v2 and v3. */
const TOPHAT_SIDE = 9;

describe('seg input planes', () => {
  it('when the region is given then each row median uses only its columns', () => {
    // Columns 0-1 are air (0), columns 2-6 hold the row index plus the column.
    const a = plane(7, 3, (x, y) => (x < 2 ? 0 : y + x));

    expect(Array.from(rowMedians(a, { x0: 2, x1: 7, y0: 0, y1: 3 }))).toEqual([4, 5, 6]);
    expect(Array.from(rowMedians(a, undefined))).toEqual([3, 4, 5]);
  });

  it('when v1 channels are built then each is normalised and the context is A minus its row median', () => {
    const a = plane(2, 1, (x) => (x === 0 ? 3 : 6));
    const ratio = plane(2, 1, (x) => (x === 0 ? 1.35 : 0));
    const norm = { set: V1.set, mean: [1, 1.15, 0.5], std: [2, 0.2, 4] };

    const out = segChannels(a, ratio, { medians: Float32Array.of(4), textures: [] }, norm);

    expect(out).toHaveLength(2 * 3);
    expect(out[0]).toBeCloseTo((3 - 1) / 2);
    expect(out[1]).toBeCloseTo((1.35 - 1.15) / 0.2);
    expect(out[2]).toBeCloseTo((3 - 4 - 0.5) / 4);
    // An undefined ratio (0 from the kernel: matter too thin) and a missing low energy both read 0.
    expect(out[4]).toBe(0);
    expect(segChannels(a, undefined, { medians: Float32Array.of(4), textures: [] }, V1)[1]).toBe(0);
  });

  it('when a compact top-hat runs then a small block keeps its height and a step and a thin line give nothing', () => {
    // Background 4; a 10-wide step to 6 on the right; a 3 × 3 block of +1.5 at (5..7, 5..7); a
    // one-pixel line of +2 along row 15 (a roof seen edge-on).
    const a = plane(40, 20, (x, y) => (x >= 30 ? 6 : 4) + (x >= 5 && x < 8 && y >= 5 && y < 8 ? 1.5 : 0) + (y === 15 ? 2 : 0));

    const hat = compactTopHat(a, TOPHAT_SIDE);

    expect(hat.data[6 * 40 + 6]).toBeCloseTo(1.5);
    expect(hat.data[6 * 40 + 12]).toBeCloseTo(0);
    for (let x = 0; x < 40; x++) {
      expect(hat.data[15 * 40 + x], `line at x ${x}`).toBeCloseTo(0);
      expect(hat.data[10 * 40 + x], `step at x ${x}`).toBeCloseTo(0);
    }
  });

  it('when a load is bumpy then its texture is higher than a flat load, and air does not count', () => {
    const flat = plane(60, 30, (x) => (x < 20 ? 0 : 4));
    const bumpy = plane(60, 30, (x, y) => (x < 20 ? 0 : 4 + ((x >> 2) % 2 === 0 && (y >> 2) % 2 === 0 ? 1 : 0)));

    expect(loadTexture(flat, compactTopHat(flat, TOPHAT_SIDE), undefined)).toBeCloseTo(Math.log(0.02));
    expect(loadTexture(bumpy, compactTopHat(bumpy, TOPHAT_SIDE), undefined)).toBeGreaterThan(Math.log(0.5));
  });

  it('when v2 channels are built then planes 3 and 4 are the normalised top-hat and the scan texture', () => {
    const a = plane(20, 20, (x, y) => 4 + (x === 10 && y === 10 ? 2 : 0));
    const context = segContext(a, undefined, V2.set);

    const out = segChannels(a, undefined, context, V2);

    const depth = segChannelCount(V2.set);
    expect(depth).toBe(5);
    expect(out).toHaveLength(20 * 20 * depth);
    const at = (x: number, y: number, ch: number) => out[(y * 20 + x) * depth + ch];
    expect(at(10, 10, 3)).toBeCloseTo((2 - V2.mean[3]) / V2.std[3]);
    expect(at(3, 3, 3)).toBeCloseTo((0 - V2.mean[3]) / V2.std[3]);
    expect(at(3, 3, 4)).toBeCloseTo((context.textures[0] - V2.mean[4]) / V2.std[4]);
    expect(at(10, 10, 4)).toBe(at(3, 3, 4));
  });

  it('when v3 channels are built then a 20 px block shows in the 25 px top-hat only and the planes given in the context are used', () => {
    // A 20 × 6 px block of +1 (a stack of bricks 40 × 12 cm at 20 mm) on a flat load.
    const a = plane(80, 40, (x, y) => 4 + (x >= 30 && x < 50 && y >= 15 && y < 21 ? 1 : 0));
    const context = segContext(a, undefined, V3.set);

    const out = segChannels(a, undefined, context, V3);
    const fresh = segChannels(a, undefined, { medians: context.medians, textures: context.textures }, V3);

    const depth = segChannelCount(V3.set);
    expect(depth).toBe(7);
    const at = (x: number, y: number, ch: number) => out[(y * 80 + x) * depth + ch];
    expect(at(40, 18, 3)).toBeCloseTo(0);
    expect(at(40, 18, 5)).toBeCloseTo(1);
    expect(Array.from(out)).toEqual(Array.from(fresh));
  });

  it('when v4 channels are built then the last two planes run from −1 at a container end or the roof and floor to 1 a span inside', () => {
    // A 40 ft container at 20 mm: 610 × 130 px starting at (20, 15) in a 660 × 170 px scan.
    const region = { x0: 20, y0: 15, x1: 630, y1: 145 };
    const a = plane(660, 170, () => 3);
    const context = segContext(a, region, V4.set);

    const out = segChannels(a, undefined, context, V4);

    const depth = segChannelCount(V4.set);
    expect(depth).toBe(9);
    const at = (x: number, y: number, ch: number) => out[(y * 660 + x) * depth + ch];
    expect(at(20, 80, 7)).toBeCloseTo(-1);
    expect(at(629, 80, 7)).toBeCloseTo(-1);
    expect(at(5, 80, 7)).toBeCloseTo(-1);
    expect(at(20 + END_SPAN_PX / 2, 80, 7)).toBeCloseTo(0);
    expect(at(325, 80, 7)).toBeCloseTo(1);
    expect(at(325, 15, 8)).toBeCloseTo(-1);
    expect(at(325, 144, 8)).toBeCloseTo(-1);
    expect(at(325, 15 + ROOF_FLOOR_SPAN_PX, 8)).toBeCloseTo(1);
    expect(at(325, 80, 8)).toBeCloseTo(1);
  });

  it('when v4 channels are built for a crop with its origin then its position planes equal the whole scan\'s there', () => {
    const region = { x0: 10, y0: 5, x1: 150, y1: 60 };
    const a = plane(170, 70, (x, y) => 2 + ((x * 7 + y * 3) % 5) * 0.1);
    const whole = segChannels(a, undefined, segContext(a, region, V4.set), V4);
    const [cx, cy, side] = [100, 30, 32];
    const crop = plane(side, side, (x, y) => a.data[(cy + y) * 170 + cx + x]);

    const out = segChannels(crop, undefined, { medians: new Float32Array(side), textures: [0, 0], region, origin: { x: cx, y: cy } }, V4);

    const depth = segChannelCount(V4.set);
    for (const [x, y] of [[0, 0], [31, 5], [12, 29]]) {
      for (const ch of [7, 8]) expect(out[(y * side + x) * depth + ch], `(${x}, ${y}) channel ${ch}`).toBe(whole[((cy + y) * 170 + cx + x) * depth + ch]);
    }
  });

  it('when v5 channels are built then the same bump is taller against a flat load than against a bumpy one, and position planes come last', () => {
    // A 4 × 4 px block of +1 on a flat load, and on a load whose every other 4 px square is +0.8.
    const block = (x: number, y: number) => (x >= 40 && x < 44 && y >= 20 && y < 24 ? 1 : 0);
    const flat = plane(80, 40, (x, y) => 3 + block(x, y));
    const bumpy = plane(80, 40, (x, y) => 3 + block(x, y) + ((x >> 2) % 2 === 0 && (y >> 2) % 2 === 0 && !(x >= 36 && x < 48 && y >= 16 && y < 28) ? 0.8 : 0));
    const depth = segChannelCount(V5.set);
    const relative = (a: typeof flat) => segChannels(a, undefined, segContext(a, undefined, V5.set), V5)[(21 * 80 + 41) * depth + 7];

    expect(depth).toBe(11);
    // Flat: usual bump 0.1 (the floor), log(1 + 1 / 0.1); bumpy: usual 0.9, log(1 + 1 / 0.9).
    expect(relative(flat) * V5.std[7] + V5.mean[7]).toBeCloseTo(Math.log(11), 1);
    expect(relative(bumpy) * V5.std[7] + V5.mean[7]).toBeCloseTo(Math.log(1 + 1 / 0.9), 1);
    const out = segChannels(flat, undefined, segContext(flat, { x0: 0, y0: 0, x1: 80, y1: 40 }, V5.set), V5);
    expect(out[(20 * 80 + 0) * depth + 9]).toBeCloseTo(-1);
    expect(out[(20 * 80 + 0) * depth + 10]).toBeCloseTo((19 - V5.mean[10]) / V5.std[10]);
  });
});
