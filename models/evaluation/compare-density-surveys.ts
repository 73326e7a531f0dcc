/**
 * `npx tsx models/evaluation/compare-density-surveys.ts [<name@version|dir> ...]`: the denser-block survey
 * (`density-survey.ts`) of each model given (default: the registry default), side by side.
 */
import { createProgressBar } from '../../fixtures/progress.js';
import { loadKernels } from '../../kernels/index.js';
import { loadAnomalyModel } from '../inference/anomaly-model.js';
import { DENSITY_SURVEY, surveyDensity } from './density-survey.js';

const specs = process.argv.slice(2);
const kernels = loadKernels();
const rows: string[] = [];
for (const spec of specs.length > 0 ? specs : [undefined]) {
  const model = await loadAnomalyModel(spec);
  const bar = createProgressBar(`[survey] ${model.name}@${model.version} loads`, DENSITY_SURVEY.loads);
  const survey = await surveyDensity(kernels, model, DENSITY_SURVEY.loads, (done) => bar.update(done));
  bar.stop();
  rows.push(`| ${model.name}@${model.version} | ${survey.loads} | ${survey.flagged.map((f) => `${(100 * f.share).toFixed(0)} %`).join(' | ')} | ${survey.lostAsDenser} of ${survey.foundOnce} |`);
}
process.stdout.write(`| model | loads | ${DENSITY_SURVEY.added.map((a) => `found at +${a}`).join(' | ')} | found, then missed denser |
|---|---:|${DENSITY_SURVEY.added.map(() => '---:').join('|')}|---:|
${rows.join('\n')}
`);
