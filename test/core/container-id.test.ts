import { describe, expect, it } from 'vitest';
import { computeCheckDigit, isValidContainerId, makeContainerId } from '../../core/container-id.js';

describe('ISO 6346 container ids', () => {
  it('when the check digit is right then the id is valid (published examples)', () => {
    expect(isValidContainerId('CSQU3054383')).toBe(true);
    expect(isValidContainerId('MSKU9070323')).toBe(true);
  });

  it('when a digit is altered or the form is wrong then the id is rejected', () => {
    expect(isValidContainerId('CSQU3054384')).toBe(false);
    expect(isValidContainerId('CSQX3054383')).toBe(false);
    expect(isValidContainerId('csqu3054383')).toBe(false);
    expect(isValidContainerId('CSQU305438')).toBe(false);
  });

  it('when an id is made from owner and serial then it validates', () => {
    for (let serial = 0; serial < 2000; serial += 37) expect(isValidContainerId(makeContainerId('ABC', serial))).toBe(true);
    expect(computeCheckDigit('CSQU305438')).toBe(3);
  });
});
