/**
 * The denser-block survey: the probe of `density-probe.ts` over many loads instead of one. A 12 cm
 * steel block is added at a random spot of each load (inside the container, on matter the beam still
 * gets through) at +1, +3 and +6 high-energy attenuation, and counted when a finding covers it.
 * Why: one scan says pass or fail by chance; the share of loads where an unmistakable dense object
 * is found, and where it stays found as it gets denser, is a one-minute measure of what the dense-block
 * family asks (conv-seg 1.3.0: a +6 block on top of a produce stack went unflagged, its score unchanged).
 */
import { generateScan, type CargoKind } from '../../fixtures/generator/index.js';
import { Rng } from '../../fixtures/generator/prng.js';
import type { Kernels } from '../../kernels/index.js';
import type { AnomalyModel } from '../inference/anomaly-model.js';
import { findCargoRegion, type Region } from '../inference/cargo-region.js';
import { toModelInputFromRaw, type ModelInput } from '../inference/model-input.js';
import { DENSITY_PROBE, withSteelBlock } from './density-probe.js';

/** Seeds from 9 300 000 lie outside every training, calibration, validation and test range. */
export const DENSITY_SURVEY = {
  seedBase: 9_300_000,
  loads: 60,
  cargos: ['textiles', 'produce', 'frozen_seafood', 'electronics', 'general', 'machinery'] as readonly CargoKind[],
  added: DENSITY_PROBE.added,
  side: DENSITY_PROBE.side,
  /** Pixels already this dark hide anything behind them (the detector floor is near 11): no spot there. */
  maxAttenuation: 6,
  spotSeed: 77,
} as const;

export interface DensitySurvey {
  loads: number;
  /** Per added attenuation, the share of loads where a finding covers the block. */
  flagged: { added: number; share: number }[];
  /** Share of loads where the block, once flagged, stays flagged at every higher density. */
  keptAsDenser: number;
}

type Block = { x: number; y: number; side: number };

/**
 * @param onProgress called after each load with (done, total).
 * @param loads how many loads (default {@link DENSITY_SURVEY}.loads).
 */
export async function surveyDensity(kernels: Kernels, model: AnomalyModel, loads: number = DENSITY_SURVEY.loads, onProgress?: (done: number, total: number) => void): Promise<DensitySurvey> {
  const rng = new Rng(DENSITY_SURVEY.spotSeed);
  const hits: boolean[][] = [];
  for (let i = 0; i < loads; i++) {
    const cargo = DENSITY_SURVEY.cargos[i % DENSITY_SURVEY.cargos.length];
    const scan = generateScan({ seed: DENSITY_SURVEY.seedBase + i, cargo, dualEnergy: true });
    const raw = { width: scan.width, height: scan.height, high: scan.high, low: scan.low, air: scan.manifest.airValue ?? 60000, dark: scan.manifest.darkValue ?? 0, pixelSizeMm: scan.manifest.pixelSizeMm ?? 5 };
    const input = toModelInputFromRaw(kernels, raw, model);
    const block = surveySpot(input, findCargoRegion(input.attenuation, model.modelPixelMm), rng);
    if (block) {
      const row: boolean[] = [];
      for (const added of DENSITY_SURVEY.added) {
        const out = await model.score(withSteelBlock(input, block, added));
        row.push(out.findings.some((f) => f.box.x < block.x + block.side && block.x < f.box.x + f.box.w && f.box.y < block.y + block.side && block.y < f.box.y + f.box.h));
      }
      hits.push(row);
    }
    onProgress?.(i + 1, loads);
  }
  return summariseSurvey(hits, DENSITY_SURVEY.added);
}

/**
 * A random block spot inside `region` (2 px from its edges) where every pixel holds matter (the
 * ratio is defined) the beam still crosses (attenuation ≤ maxAttenuation); undefined after 500 tries.
 */
export function surveySpot(input: ModelInput, region: Region | undefined, rng: Rng, side: number = DENSITY_SURVEY.side): Block | undefined {
  const { width, height, data } = input.attenuation;
  const box = region ?? { x0: 0, y0: 0, x1: width, y1: height };
  const ratio = input.ratio?.data;
  if (!ratio || box.x1 - box.x0 < side + 4 || box.y1 - box.y0 < side + 4) return undefined;
  for (let attempt = 0; attempt < 500; attempt++) {
    const x = rng.int(box.x0 + 2, box.x1 - side - 2);
    const y = rng.int(box.y0 + 2, box.y1 - side - 2);
    let usable = true;
    for (let yy = y; yy < y + side && usable; yy++) {
      for (let xx = x; xx < x + side; xx++) {
        const i = yy * width + xx;
        if (!(ratio[i] > 0) || data[i] > DENSITY_SURVEY.maxAttenuation) {
          usable = false;
          break;
        }
      }
    }
    if (usable) return { x, y, side };
  }
  return undefined;
}

/** Shares from per-load hits (one boolean per density, in `added` order). */
export function summariseSurvey(hits: readonly (readonly boolean[])[], added: readonly number[]): DensitySurvey {
  const n = Math.max(1, hits.length);
  const kept = hits.filter((row) => row.every((hit, k) => k === 0 || !row[k - 1] || hit)).length;
  return {
    loads: hits.length,
    flagged: added.map((a, k) => ({ added: a, share: hits.filter((row) => row[k]).length / n })),
    keptAsDenser: kept / n,
  };
}

/** The survey as a model-card section (markdown). */
export function renderDensitySurvey(survey: DensitySurvey): string {
  return `## Denser-block survey (\`models/evaluation/density-survey.ts\`)
The same 12 cm steel block at a random spot of each of ${survey.loads} loads (seeds ${DENSITY_SURVEY.seedBase}+, ${DENSITY_SURVEY.cargos.join(', ')}),
inside the container on matter the beam still crosses; found = a finding covers it:

| added attenuation | ${survey.flagged.map((f) => `+${f.added}`).join(' | ')} |
|---|${survey.flagged.map(() => '---:').join('|')}|
| loads where it is found | ${survey.flagged.map((f) => `${(100 * f.share).toFixed(0)} %`).join(' | ')} |

Once found, it stays found as it gets denser in ${(100 * survey.keptAsDenser).toFixed(0)} % of the loads.`;
}
