/**
 * How each installed conv-seg version from 1.3.0 on was trained: `npm run train -- --recipe 1.7.0
 * --out <dir>` trains it again (training is deterministic: 1.3.0, 1.7.0, 1.8.0, 1.10.0 and 1.11.0 came back byte
 * for byte). A recipe trains on today's fixture generator: versions up to 1.10.0 saw generator 1.2.0 (meta.json
 * names the generator from 1.11.0 on), whose general and steel loads differ in 2 % and 3.5 % of scans, so theirs come
 * back close, not equal. Each recipe is one step from another version's, down to today's config (`SEG_TRAIN_CONFIG`),
 * so a new default adds one line here instead of editing every card's reproduction command;
 * `test/models/training/seg-recipes.test.ts` checks each recipe against the installed meta.json and card.
 * 1.0.0–1.2.0 trained on code that has since changed (input sets, injected objects): no recipe.
 */
import { ValidationError } from '../../core/errors.js';
import { SEG_NORMALISATIONS } from '../inference/seg-input.js';
import { mergeConfig, SEG_TRAIN_CONFIG, type SegTrainConfig } from './seg-train-config.js';

export interface SegRecipe {
  /** The version whose config this one changes. */
  from: string;
  /** Merged into `from`'s config as `--override` merges (objects one level down). */
  overrides: Record<string, unknown>;
}

/** Per version other than `SEG_TRAIN_CONFIG.version`, the change(s) from the version it names. */
export const SEG_RECIPES: Readonly<Record<string, SegRecipe>> = {
  // 1.11.1, the shadow-mode candidate, trades 1.11.0's margin on the hottest anomalous cell for a pairwise ranking
  // term (each anomalous crop's hottest cell against each normal crop's, `seg-loss.ts`): a gap, not a level.
  '1.11.1': { from: '1.11.0', overrides: { fit: { hottestCellMargin: null, pairWeight: 32, pairMargin: 2 } } },
  // 1.11.0 (SEG_TRAIN_CONFIG) is 1.10.0's recipe on generator 1.2.1 (no cargo through the container's end walls).
  '1.10.0': { from: '1.11.0', overrides: {} },
  // 1.10.0 pushes each crop's hottest anomalous cell above log-odds 6 and centres three quarters of
  // the plain normal crops on hard negatives (two changes, measured together;
  // each alone in 1.10.0's card (margin, trial 1.9.2) and 1.8.0's (hard share, trial 1.8.4)).
  '1.9.0': { from: '1.10.0', overrides: { fit: { hottestCellMargin: null }, crops: { hardShare: 0.5 } } },
  // 1.9.0 adds a loss term on each crop's hottest normal and hottest anomalous cell (`seg-loss.ts`).
  '1.8.0': { from: '1.9.0', overrides: { fit: { hottestCellWeight: null } } },
  // 1.8.0 is 1.7.0 trained 5000 steps, decay, mining and averaging moved in proportion.
  '1.7.0': { from: '1.8.0', overrides: { fit: { steps: 3000, decaySteps: [2000, 2600], mineAtSteps: [1000, 1800, 2400], average: { from: 2000, every: 10 } } } },
  // 1.7.0 labels anomaly cells only where the anomaly reaches the detector; 1.6.0 every cell of the mask.
  '1.6.0': { from: '1.7.0', overrides: { trainingAnomalies: { minAddedAttenuation: null } } },
  // 1.6.0 averages the weights over the last 1000 steps.
  '1.5.0': { from: '1.6.0', overrides: { fit: { average: null } } },
  // 1.5.0 shares each step's batch with the helper thread: the same math up to float rounding.
  '1.3.0': { from: '1.5.0', overrides: { fit: { twoThreadSteps: false } } },
  // 1.4.0 adds, per scale, how many times taller a bump is than the load's usual ones (input set v5).
  '1.4.0': { from: '1.3.0', overrides: { norm: SEG_NORMALISATIONS['seg-a-r-rowctx-tophat2-rel-pos-v5'] } },
};

/** Versions `segRecipe` can rebuild, today's first. */
export const SEG_RECIPE_VERSIONS: readonly string[] = [SEG_TRAIN_CONFIG.version, ...Object.keys(SEG_RECIPES)];

/**
 * The full training config of an installed version.
 * @throws ValidationError naming the versions that have a recipe.
 * @example segRecipe('1.7.0').fit.steps // 3000
 */
export function segRecipe(version: string): Readonly<SegTrainConfig> {
  if (version === SEG_TRAIN_CONFIG.version) return SEG_TRAIN_CONFIG;
  const recipe = SEG_RECIPES[version];
  if (!recipe) throw new ValidationError(`No conv-seg recipe for version "${version}"; expected one of ${SEG_RECIPE_VERSIONS.join(', ')}`);
  return mergeConfig(segRecipe(recipe.from), { ...recipe.overrides, version });
}

/**
 * The command that trains a run again. Today's config needs no option; another version's recipe, or
 * any override (named on top of its recipe, so the command keeps its meaning after the default moves
 * on), needs `--out` (`train-seg.ts` writes only today's version into `models/` by itself).
 * @param run.scaled the scaling options of a scaled-down run (`--quick`, `--scale 0.5 --steps 100`).
 * @example reproduceCommand({ recipe: '1.7.0' }) // "npm run train -- --recipe 1.7.0 --out <dir>"
 */
export function reproduceCommand(run: { recipe: string; override?: string; scaled?: string }): string {
  const named = run.recipe !== SEG_TRAIN_CONFIG.version || run.override !== undefined;
  const options = [named ? `--recipe ${run.recipe}` : '', run.override !== undefined ? `--override '${run.override}'` : '', named ? '--out <dir>' : '', run.scaled ?? ''].filter(Boolean);
  return options.length === 0 ? 'npm run train' : `npm run train -- ${options.join(' ')}`;
}
