/**
 * The denser-block survey: the probe of `density-probe.ts` over many loads instead of one. A 12 cm
 * steel block is added at a random spot of each load (inside the container, on matter the beam still
 * gets through) at +1, +3 and +6 high-energy attenuation, and counted when a finding covers it.
 * Why: one scan says pass or fail by chance; the share of loads where an unmistakable dense object
 * is found, and where it stays found as it gets denser, is a one-minute measure of what the dense-block
 * family asks (conv-seg 1.3.0: a +6 block on top of a produce stack went unflagged, its score unchanged).
 */
import type { CargoKind } from '../../fixtures/generator/index.js';
import { Rng } from '../../fixtures/generator/prng.js';
import type { Kernels } from '../../kernels/index.js';
import type { AnomalyModel } from '../inference/anomaly-model.js';
import { findCargoRegion, type Region } from '../inference/cargo-region.js';
import type { ModelInput } from '../inference/model-input.js';
import { blockFound, blockOnMatter, DENSITY_PROBE, generatedModelInput, withSteelBlock, type ProbeBlock } from './density-probe.js';

/** Seeds from 9 300 000 lie outside every training, calibration, validation and test range. */
export const DENSITY_SURVEY = {
  seedBase: 9_300_000,
  loads: 60,
  cargos: ['textiles', 'produce', 'frozen_seafood', 'electronics', 'general', 'machinery'] as readonly CargoKind[],
  added: DENSITY_PROBE.added,
  side: DENSITY_PROBE.side,
  /** No spot darker than this: the densest block (+6) then stays under the detector floor (ln 60000 ≈ 11), as a real object would. */
  maxAttenuation: 5,
  /** Seed of the spot draws: the same spots for every model, so versions compare on the same blocks. */
  spotSeed: 77,
} as const;

export interface DensitySurvey {
  /** Loads surveyed: those where a spot was found (of `tried`). */
  loads: number;
  tried: number;
  /** Per added attenuation, the share of surveyed loads where a finding covers the block. */
  flagged: { added: number; share: number }[];
  /** Loads where the block was found at some density. */
  foundOnce: number;
  /** Of those, the loads where it was missed again at a higher density. */
  lostAsDenser: number;
}

/**
 * Surveys `model`: per load, the block at each density of {@link DENSITY_SURVEY}, scored as the worker scores.
 * @param kernels the WASM kernels (preprocessing as the worker does it).
 * @param model the model version to survey.
 * @param loads how many loads (default {@link DENSITY_SURVEY}.loads).
 * @param onProgress called after each load with (done, total).
 */
export async function surveyDensity(kernels: Kernels, model: AnomalyModel, loads: number = DENSITY_SURVEY.loads, onProgress?: (done: number, total: number) => void): Promise<DensitySurvey> {
  const rng = new Rng(DENSITY_SURVEY.spotSeed);
  const hits: boolean[][] = [];
  for (let i = 0; i < loads; i++) {
    const input = generatedModelInput(kernels, model, DENSITY_SURVEY.seedBase + i, DENSITY_SURVEY.cargos[i % DENSITY_SURVEY.cargos.length]);
    const block = surveySpot(input, findCargoRegion(input.attenuation, model.modelPixelMm), rng);
    if (block) {
      const row: boolean[] = [];
      for (const added of DENSITY_SURVEY.added) row.push(blockFound((await model.score(withSteelBlock(input, block, added))).findings, block));
      hits.push(row);
    }
    onProgress?.(i + 1, loads);
  }
  return summariseSurvey(hits, DENSITY_SURVEY.added, loads);
}

/**
 * A random block spot inside `region` (2 px from its edges) where every pixel holds matter (the
 * ratio is defined) the beam still crosses (attenuation ≤ maxAttenuation); undefined after 500 tries.
 */
export function surveySpot(input: ModelInput, region: Region | undefined, rng: Rng, side: number = DENSITY_SURVEY.side): ProbeBlock | undefined {
  const { width, height } = input.attenuation;
  const box = region ?? { x0: 0, y0: 0, x1: width, y1: height };
  if (!input.ratio || box.x1 - box.x0 < side + 4 || box.y1 - box.y0 < side + 4) return undefined;
  for (let attempt = 0; attempt < 500; attempt++) {
    const block = { x: rng.int(box.x0 + 2, box.x1 - side - 2), y: rng.int(box.y0 + 2, box.y1 - side - 2), side };
    if (blockOnMatter(input, block, DENSITY_SURVEY.maxAttenuation)) return block;
  }
  return undefined;
}

/**
 * Shares from per-load hits (one boolean per density, in `added` order).
 * @param tried loads attempted, including those without a spot.
 */
export function summariseSurvey(hits: readonly (readonly boolean[])[], added: readonly number[], tried: number = hits.length): DensitySurvey {
  const n = Math.max(1, hits.length);
  const found = hits.filter((row) => row.some(Boolean));
  return {
    loads: hits.length,
    tried,
    flagged: added.map((a, k) => ({ added: a, share: hits.filter((row) => row[k]).length / n })),
    foundOnce: found.length,
    lostAsDenser: found.filter((row) => row.some((hit, k) => k > 0 && row[k - 1] && !hit)).length,
  };
}

/** The survey as a model-card section (markdown). */
export function renderDensitySurvey(survey: DensitySurvey): string {
  return `## Denser-block survey (\`models/evaluation/density-survey.ts\`)
The same 12 cm steel block at a random spot of each of ${survey.loads} loads (of ${survey.tried} tried; seeds ${DENSITY_SURVEY.seedBase}+,
${DENSITY_SURVEY.cargos.join(', ')}), inside the container on matter no darker than ${DENSITY_SURVEY.maxAttenuation} (so the
densest block stays under the detector floor); found = a finding covers it:

| added attenuation | ${survey.flagged.map((f) => `+${f.added}`).join(' | ')} |
|---|${survey.flagged.map(() => '---:').join('|')}|
| loads where it is found | ${survey.flagged.map((f) => `${(100 * f.share).toFixed(0)} %`).join(' | ')} |

Found at some density in ${survey.foundOnce} loads; missed again at a higher density in ${survey.lostAsDenser} of them.`;
}
