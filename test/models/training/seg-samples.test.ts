import { describe, expect, it } from 'vitest';
import { generateScan } from '../../../fixtures/generator/index.js';
import { Rng } from '../../../fixtures/generator/prng.js';
import { loadKernels } from '../../../kernels/index.js';
import { SEG_INPUT_SET, SEG_NORMALISATION, segChannelCount } from '../../../models/inference/seg-input.js';
import { SegCropSampler, type CropMix } from '../../../models/training/seg-crops.js';
import { receptiveField } from '../../../models/training/seg-network.js';
import { IGNORE, prepareSegScan } from '../../../models/training/seg-scans.js';

// Seeds from 9,200,000 up: outside every training, calibration, validation and test range.
const OPTIONS = { modelPixelMm: 20, cell: 4, margin: 16, inputSet: SEG_INPUT_SET, deadRowRepair: true };
const MIX: CropMix = { size: 64, anomalyShare: 0, injectedShare: 0, hardShare: 0, singleEnergyShare: 0, minContrast: 0.15, positiveWeight: 3, shapes: ['box', 'blob'] };
const kernels = loadKernels();
const SAMPLER_OPTIONS = { kernels, cell: 4, pixelMm: 20, ratioMinAttenuation: 0.2, norm: SEG_NORMALISATION };

describe('conv-seg training samples', () => {
  const normal = prepareSegScan(kernels, { seed: 9_200_001, cargo: 'textiles', anomaly: null }, OPTIONS);
  const anomalous = prepareSegScan(kernels, { seed: 9_200_002, cargo: 'textiles', anomaly: 'dense-block' }, OPTIONS);

  it('when a scan is normal then no cell is anomalous or ignored', () => {
    expect(normal.positives).toHaveLength(0);
    expect(normal.labels.every((l) => l === 0)).toBe(true);
    expect(normal.high.width).toBe(normal.cols * OPTIONS.cell);
    expect(normal.high.height).toBe(normal.rows * OPTIONS.cell);
    expect(normal.medians).toHaveLength(normal.high.height);
  });

  it('when a scan hides a dense block then its anomalous cells lie on the generator mask box', () => {
    const truth = generateScan({ seed: 9_200_002, cargo: 'textiles', anomaly: 'dense-block', dualEnergy: true }).truth.anomalies[0].box;
    expect(anomalous.positives.length).toBeGreaterThan(0);
    const side = OPTIONS.cell * anomalous.factor;
    for (const t of anomalous.positives) {
      // Cell t in image pixels: the scan's origin plus its column / row, times the downsample factor.
      const x = (anomalous.origin.x + (t % anomalous.cols) * OPTIONS.cell) * anomalous.factor;
      const y = (anomalous.origin.y + Math.floor(t / anomalous.cols) * OPTIONS.cell) * anomalous.factor;
      expect(x < truth.x + truth.w && truth.x < x + side && y < truth.y + truth.h && truth.y < y + side, `cell ${t}`).toBe(true);
    }
  });

  describe('labels by the attenuation the anomaly adds', () => {
    const labelled = (seed: number, cargo: 'steel' | 'textiles', minAddedAttenuation?: number) =>
      prepareSegScan(kernels, { seed, cargo, anomaly: 'dense-block' }, { ...OPTIONS, minAddedAttenuation });
    const positiveSet = (scan: { positives: Int32Array }) => new Set(scan.positives);

    it('when a block lies behind saturated steel then its mask cells are ignored, not anomalous', () => {
      const byMask = labelled(9_200_004, 'steel');
      const byAttenuation = labelled(9_200_004, 'steel', 0.15);

      expect(byMask.positives.length).toBeGreaterThan(0);
      expect(byAttenuation.positives).toHaveLength(0);
      for (const t of byMask.positives) expect(byAttenuation.labels[t], `cell ${t}`).toBe(IGNORE);
    });

    it('when a block shows only partly then only the cells where it shows stay anomalous', () => {
      const byMask = labelled(9_200_002, 'steel');
      const byAttenuation = labelled(9_200_002, 'steel', 0.15);

      expect(byAttenuation.positives.length).toBeGreaterThan(0);
      expect(byAttenuation.positives.length).toBeLessThan(byMask.positives.length);
      for (const t of byAttenuation.positives) expect(positiveSet(byMask).has(t), `cell ${t}`).toBe(true);
    });

    it('when a block shows in full then every mask cell stays anomalous (the clean twin lines up)', () => {
      const byMask = labelled(9_200_002, 'textiles');
      const byAttenuation = labelled(9_200_002, 'textiles', 0.15);

      expect(byMask.positives.length).toBeGreaterThan(10);
      expect([...byAttenuation.positives]).toEqual([...byMask.positives]);
      expect([...byAttenuation.labels]).toEqual([...byMask.labels]);
    });
  });

  it('when a batch is drawn then shapes match and ignored cells weigh nothing', () => {
    const sampler = new SegCropSampler([normal], [anomalous], { ...MIX, anomalyShare: 0.5, injectedShare: 0.5 }, SAMPLER_OPTIONS, new Rng(7));

    const batch = sampler.batch(8);

    expect(batch.x).toHaveLength(8 * 64 * 64 * segChannelCount(SEG_INPUT_SET));
    expect(batch.y).toHaveLength(8 * 16 * 16);
    for (let i = 0; i < batch.y.length; i++) {
      if (batch.y[i] === 1) expect(batch.w[i]).toBe(MIX.positiveWeight);
      else expect([0, 1]).toContain(batch.w[i]);
    }
  });

  it('when crops centre on a generator anomaly then every crop holds anomalous cells', () => {
    const sampler = new SegCropSampler([normal], [anomalous], { ...MIX, anomalyShare: 1 }, SAMPLER_OPTIONS, new Rng(11));

    const batch = sampler.batch(6);

    for (let i = 0; i < 6; i++) expect(batch.y.subarray(i * 256, (i + 1) * 256).some((v) => v === 1), `crop ${i}`).toBe(true);
  });

  it('when objects are injected then most crops gain anomalous or ignored cells and plain crops none', () => {
    const injected = new SegCropSampler([normal], [], { ...MIX, injectedShare: 1 }, SAMPLER_OPTIONS, new Rng(3)).batch(10);
    const plain = new SegCropSampler([normal], [], MIX, SAMPLER_OPTIONS, new Rng(3)).batch(10);

    let touched = 0;
    for (let i = 0; i < 10; i++) {
      const y = injected.y.subarray(i * 256, (i + 1) * 256);
      const w = injected.w.subarray(i * 256, (i + 1) * 256);
      if (y.some((v) => v === 1) || w.some((v) => v === 0)) touched++;
    }
    expect(touched).toBeGreaterThanOrEqual(8);
    expect(plain.y.every((v) => v === 0)).toBe(true);
    expect(plain.w.every((v) => v === 1)).toBe(true);
    expect(IGNORE).toBe(255);
  });
});

describe('conv-seg network geometry', () => {
  it('when layers stride then the receptive field grows by two jumps per 3 x 3 layer', () => {
    expect(receptiveField([[16, 1], [16, 2], [32, 1], [32, 2], [32, 1], [32, 1]])).toBe(29);
    expect(receptiveField([[16, 2], [16, 1], [16, 2], [32, 1], [32, 2], [32, 1], [32, 1]])).toBe(59);
  });
});
