import { describe, expect, it } from 'vitest';
import { replaceMarkedSection } from '../../../models/evaluation/marked-section.js';

describe('replaceMarkedSection', () => {
  it('when the markers are absent then the section is appended after the text', () => {
    const out = replaceMarkedSection('# Card\n\nText.\n', 'evaluation', 'See evaluation.md');
    expect(out).toBe('# Card\n\nText.\n\n<!-- evaluation:begin -->\nSee evaluation.md\n<!-- evaluation:end -->\n');
  });

  it('when the markers exist then only the text between them changes', () => {
    const before = 'head\n<!-- evaluation:begin -->\nold\n<!-- evaluation:end -->\ntail\n';
    expect(replaceMarkedSection(before, 'evaluation', 'new')).toBe('head\n<!-- evaluation:begin -->\nnew\n<!-- evaluation:end -->\ntail\n');
  });

  it('when another id is marked then that section is left alone', () => {
    const before = '<!-- other:begin -->\nkeep\n<!-- other:end -->\n';
    const out = replaceMarkedSection(before, 'evaluation', 'x');
    expect(out.startsWith(before.trimEnd())).toBe(true);
    expect(out).toContain('<!-- evaluation:begin -->\nx\n<!-- evaluation:end -->');
  });
});
