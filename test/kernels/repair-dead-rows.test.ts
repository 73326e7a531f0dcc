import { describe, expect, it } from 'vitest';
import { generateScan } from '../../fixtures/generator/index.js';
import { loadKernels, referenceKernels, type Kernels } from '../../kernels/index.js';

const IMPLEMENTATIONS: [string, Kernels][] = [
  ['reference', referenceKernels],
  ['simd', loadKernels('simd')],
  ['scalar', loadKernels('scalar')],
];

/** A 6 × 10 image: row y holds 1000 · (y + 1) + x, so interpolation is exact to check. */
function ramp(): Uint16Array {
  return Uint16Array.from({ length: 60 }, (_, i) => 1000 * (Math.floor(i / 6) + 1) + (i % 6));
}

describe.each(IMPLEMENTATIONS)('repairDeadRows (%s)', (_name, k) => {
  it('when two adjacent rows read dark then each is interpolated from the healthy rows around the pair', () => {
    const raw = ramp();
    raw.fill(3, 4 * 6, 6 * 6);

    const { data, rows } = k.repairDeadRows(raw, 6, 10);

    expect(rows).toEqual([4, 5]);
    // Rows 3 (4000 + x) and 6 (7000 + x) bracket the pair: a straight line through them.
    expect(Array.from(data.subarray(4 * 6, 6 * 6))).toEqual(Array.from(ramp().subarray(4 * 6, 6 * 6)));
    expect(Array.from(raw.subarray(4 * 6, 5 * 6))).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('when the first or last row is dead then it copies its one healthy neighbour', () => {
    const raw = ramp();
    raw.fill(0, 0, 6);
    raw.fill(20, 9 * 6, 60);

    const { data, rows } = k.repairDeadRows(raw, 6, 10);

    expect(rows).toEqual([0, 9]);
    expect(Array.from(data.subarray(0, 6))).toEqual(Array.from(raw.subarray(6, 12)));
    expect(Array.from(data.subarray(54, 60))).toEqual(Array.from(raw.subarray(48, 54)));
  });

  it('when a row is only darker (an object across the scan) or the whole image is dark then nothing changes', () => {
    const dimmed = ramp();
    for (let i = 5 * 6; i < 6 * 6; i++) dimmed[i] = dimmed[i] / 10;
    const dark = new Uint16Array(60).fill(2);

    expect(k.repairDeadRows(dimmed, 6, 10)).toEqual({ data: dimmed, rows: [] });
    expect(k.repairDeadRows(dark, 6, 10)).toEqual({ data: dark, rows: [] });
  });

  it('when a generated scan has dead detector rows then exactly those rows are repaired', () => {
    const scan = generateScan({ seed: 11, container: '20ft', cargo: 'produce', pixelSizeMm: 10 });
    const truth = [...new Set((scan.truth.params.detector as { deadRows: number[] }).deadRows)].sort((a, b) => a - b);

    const high = k.repairDeadRows(scan.high, scan.width, scan.height);
    const low = k.repairDeadRows(scan.low!, scan.width, scan.height);

    expect(truth.length).toBeGreaterThan(0);
    expect(high.rows).toEqual(truth);
    expect(low.rows).toEqual(truth);
  });
});

describe('repairDeadRows, WASM against the reference', () => {
  it.each(['simd', 'scalar'] as const)('when the %s build repairs a generated scan then it equals the reference bit for bit', (variant) => {
    const scan = generateScan({ seed: 12, container: '40ft', cargo: 'machinery', pixelSizeMm: 10 });

    const got = loadKernels(variant).repairDeadRows(scan.high, scan.width, scan.height);
    const want = referenceKernels.repairDeadRows(scan.high, scan.width, scan.height);

    expect(got.rows).toEqual(want.rows);
    expect(Buffer.compare(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength), Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(0);
  });
});

describe('preprocessForModel with repairDeadRows', () => {
  const scan = generateScan({ seed: 13, container: '20ft', cargo: 'general', pixelSizeMm: 10 });
  const options = { air: 60000, dark: 0, factor: 2, ratioMinAttenuation: 0.2 };

  it.each(IMPLEMENTATIONS)('when %s repairs inside the fused call then it equals repairing first, bit for bit', (_name, k) => {
    const repaired = {
      width: scan.width,
      height: scan.height,
      high: k.repairDeadRows(scan.high, scan.width, scan.height).data,
      low: k.repairDeadRows(scan.low!, scan.width, scan.height).data,
    };

    const fused = k.preprocessForModel({ width: scan.width, height: scan.height, high: scan.high, low: scan.low }, { ...options, repairDeadRows: true });
    const stepwise = k.preprocessForModel(repaired, options);

    expect(Array.from(fused.high.data)).toEqual(Array.from(stepwise.high.data));
    expect(Array.from(fused.ratio!.data)).toEqual(Array.from(stepwise.ratio!.data));
  });

  it('when the option is not a boolean then the call is refused naming it', () => {
    const bad = () => loadKernels('simd').preprocessForModel({ width: scan.width, height: scan.height, high: scan.high }, { ...options, repairDeadRows: 'yes' as never });

    expect(bad).toThrow(/repairDeadRows/);
  });
});
