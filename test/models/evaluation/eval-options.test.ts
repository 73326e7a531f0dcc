import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { parseEvalArgs } from '../../../models/evaluation/eval-options.js';
import { FULL_TEST_SET, FULL_VALIDATION_SET } from '../../../models/evaluation/test-set.js';

describe('parseEvalArgs', () => {
  it('when no option is given then the full test set runs on the default model', () => {
    const options = parseEvalArgs([]);
    expect(options).toMatchObject({ models: [undefined], compare: false, full: true, replicates: 1000 });
    expect(options.plan).toEqual(FULL_TEST_SET);
  });

  it('when --compare names two versions then both are scored and the run is full', () => {
    const options = parseEvalArgs(['--compare', 'tile-anomaly@1.0.0', 'conv-anomaly@1.0.0']);
    expect(options.models).toEqual(['tile-anomaly@1.0.0', 'conv-anomaly@1.0.0']);
    expect(options.compare).toBe(true);
  });

  it('when --count asks for about 142 scans then the plan is a tenth of the full one', () => {
    const options = parseEvalArgs(['--count', '142']);
    expect(options.full).toBe(false);
    expect(options.plan.normalScans).toBe(100);
    expect(options.plan.scansPerFamily).toBe(6);
  });

  it('when --split validation is given then the whole validation set runs and --count scales it', () => {
    expect(parseEvalArgs(['--split', 'validation'])).toMatchObject({ split: 'validation', plan: FULL_VALIDATION_SET, full: true });
    const quick = parseEvalArgs(['--split', 'validation', '--count', '170']);
    expect(quick.plan).toMatchObject({ normalScans: 100, scansPerFamily: 10, seedBase: FULL_VALIDATION_SET.seedBase });
    expect(quick.full).toBe(false);
  });

  it('when --leave-one-out is asked on the validation split then the error says it runs on the test split only', () => {
    expect(() => parseEvalArgs(['--leave-one-out', '--split', 'validation'])).toThrow('Expected test (the only split --leave-one-out runs on) for --split but received "validation"');
  });

  it('when --split names neither set then the error says which are allowed', () => {
    expect(() => parseEvalArgs(['--split', 'training'])).toThrow('Expected test or validation for --split but received "training"');
  });

  it('when --compare has one spec then a validation error names what was expected', () => {
    expect(() => parseEvalArgs(['--compare', 'tile-anomaly@1.0.0'])).toThrow(ValidationError);
    expect(() => parseEvalArgs(['--compare', 'tile-anomaly@1.0.0'])).toThrow(/two model specs/);
  });

  it('when --scale is not a positive number then the error quotes it', () => {
    expect(() => parseEvalArgs(['--scale', '-1'])).toThrow('Expected a positive number for --scale but received "-1"');
  });
});
