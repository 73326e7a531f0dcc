/**
 * The conv-seg leave-one-family-out recipe: an installed version's training config
 * (`training/seg-recipes.ts`: same network, crops, fit settings and seeds; steps scaled with the data)
 * on a share of the training scans. The scans are generated once; each network trains on the normal
 * scans plus the families it keeps.
 */
import type { AnomalyKind } from '../../fixtures/generator/index.js';
import { selectBackend } from '../backend.js';
import { scoreScanTiles } from '../inference/anomaly-model.js';
import { registerWasmGradientKernels } from '../wasm-gradients/index.js';
import { ScoringHelper } from '../training/scoring-helper.js';
import { segRecipe } from '../training/seg-recipes.js';
import { collectSegScans, segMeta, trainSegModel } from '../training/seg-run.js';
import { heldOutKinds, scaleSegConfig, type SegTrainConfig } from '../training/seg-train-config.js';
import type { LeaveOneOutRecipe, TrainedVariant } from './leave-one-out.js';

/**
 * What each leave-one-out network of `version` trains with: its recipe at `trainingScale` of the data
 * and of the steps (at least 100), the schedule moved in proportion.
 * @throws ValidationError when the version has no recipe (`segRecipe`).
 */
export function segLeaveOneOutConfig(version: string, trainingScale: number): SegTrainConfig {
  return scaledForLeaveOneOut(segRecipe(version), trainingScale);
}

function scaledForLeaveOneOut(base: SegTrainConfig, trainingScale: number): SegTrainConfig {
  return scaleSegConfig(base, trainingScale, Math.max(100, Math.round(base.fit.steps * trainingScale)));
}

/**
 * The leave-one-out recipe of an installed conv-seg version: its own training recipe, retrained
 * once with every family and once without each.
 * @param version an installed conv-seg version with a recipe.
 * @throws ValidationError when the version has none (`segRecipe`).
 */
export function segLeaveOneOutRecipe(version: string): LeaveOneOutRecipe {
  const base = segRecipe(version);
  return {
    name: 'conv-seg',
    description: `The conv-seg ${version} network and recipe (\`training/seg-recipes.ts\`: same crops, fit settings and seeds; steps scaled with the data).`,
    neverTrained: heldOutKinds(base),
    geometry: base,
    async train(kernels, trainingScale, onProgress) {
      const backend = await selectBackend();
      if (backend.name !== 'wasm') throw new Error(`conv-seg trains on the wasm backend (our gradient kernels); selected ${backend.name}`);
      registerWasmGradientKernels();
      const config = scaledForLeaveOneOut(base, trainingScale);
      // A second thread prepares half the scans and mines half the normal ones, as in `npm run train`.
      const helper = ScoringHelper.start();
      try {
        const scans = await collectSegScans(kernels, config, undefined, helper);
        onProgress?.('training scans', 1, 1);
        const kinds = config.trainingAnomalies.kinds;
        const variants: (AnomalyKind | 'all')[] = ['all', ...kinds];
        const meta = segMeta(config);
        const trained: TrainedVariant[] = [];
        for (const excluded of variants) {
          const trainedOn = kinds.filter((k) => k !== excluded);
          const { network, fit } = await trainSegModel(kernels, scans, trainedOn, config, undefined, helper);
          trained.push({
            excluded,
            trainedOn,
            fitSeconds: fit.fitSeconds,
            score: async (input) => (await scoreScanTiles(network, meta, input)).rawScore,
            dispose: () => network.dispose(),
          });
          onProgress?.('networks', trained.length, variants.length);
        }
        return trained;
      } finally {
        await helper.close();
      }
    },
  };
}
