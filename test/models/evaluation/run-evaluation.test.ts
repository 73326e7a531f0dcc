import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../../fixtures/generator/version.js';
import { loadKernels } from '../../../kernels/index.js';
import type { EvalOptions } from '../../../models/evaluation/eval-options.js';
import { runEvaluation } from '../../../models/evaluation/run-evaluation.js';
import { VALIDATION_EVAL_SEED_BASE } from '../../../models/evaluation/test-set.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'scangate-eval-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const tiny = (models: string[], compare: boolean, seedBase?: number): EvalOptions => ({
  models,
  compare,
  split: seedBase === undefined ? 'test' : 'validation',
  plan: { normalScans: 2, scansPerFamily: 1, families: ['dense-block'], seedBase },
  full: false,
  out,
  replicates: 20,
  leaveOneOut: false,
});
const context = { kernels: loadKernels(), thresholds: { yellowPValue: 0.05, redPValue: 0.01 }, weightTolerance: 0.35, command: 'test' };

describe('runEvaluation', () => {
  it('when three test scans are evaluated then evaluation.md and a ROC PNG are written', async () => {
    const run = await runEvaluation(tiny(['tile-anomaly@1.0.0'], false), context);
    const png = path.join(out, 'roc.png');
    expect(run.files).toContain(png);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const markdown = readFileSync(path.join(out, 'evaluation.md'), 'utf8');
    expect(markdown).toContain('| dense-block |');
    expect(markdown).toContain('seeds 8000000–8000002');
    // The same seeds make other scans under another generator version: the page says which made these.
    expect(markdown).toContain(`scans of fixture generator ${GENERATOR_VERSION}, seeds`);
    expect(run.reports[0].scans).toBe(3);
  });

  it('when validation scans are evaluated then the page names the validation range and its seeds', async () => {
    await runEvaluation(tiny(['tile-anomaly@1.0.0'], false, VALIDATION_EVAL_SEED_BASE), context);

    const markdown = readFileSync(path.join(out, 'evaluation.md'), 'utf8');
    expect(markdown).toContain(`seeds ${VALIDATION_EVAL_SEED_BASE}–${VALIDATION_EVAL_SEED_BASE + 2}`);
    expect(markdown).toContain('the validation range');
    expect(markdown).not.toContain('the test range');
  });

  it('when a helper thread scores part of the scans then the report equals the one-thread report', async () => {
    const alone = await runEvaluation(tiny(['tile-anomaly@1.0.0'], false), context);
    const shared = await runEvaluation(tiny(['tile-anomaly@1.0.0'], false), { ...context, helperThread: true });

    expect(shared.reports[0].timing.sharedCores).toBe(true);
    expect(alone.reports[0].timing.sharedCores).toBe(false);
    expect(shared.reports[0].overall).toEqual(alone.reports[0].overall);
    expect(shared.reports[0].families).toEqual(alone.reports[0].families);
  });

  it('when a version is compared with itself then both columns agree on the same scans', async () => {
    const run = await runEvaluation(tiny(['tile-anomaly@1.0.0', 'tile-anomaly@1.0.0'], true), context);
    const [a, b] = run.reports;
    expect(a.overall.auroc).toBe(b.overall.auroc);
    expect(run.markdown).toContain('| image AUROC |');
    expect(run.markdown).toContain('| image AUROC, B − A (paired 95 %) | reference | **+0.000** [+0.000, +0.000] |');
    expect(existsSync(path.join(out, 'roc-compare.png'))).toBe(true);
    expect(readFileSync(path.join(out, 'compare.md'), 'utf8')).toContain(`test scans of fixture generator ${GENERATOR_VERSION} (seeds`);
  });
});
