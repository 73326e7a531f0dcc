import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import { listVersions, resolveModelDir } from '../../../models/io/model-registry.js';

describe('resolveModelDir', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'scangate-registry-'));
  for (const version of ['1.0.0', '1.10.0', '1.2.0']) mkdirSync(path.join(root, 'tile-anomaly', version), { recursive: true });
  writeFileSync(path.join(root, 'registry.json'), JSON.stringify({ default: { name: 'tile-anomaly', version: '1.2.0' } }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when no spec is given then the registry default version is used', () => {
    expect(resolveModelDir(undefined, root)).toBe(path.join(root, 'tile-anomaly', '1.2.0'));
    expect(resolveModelDir('', root)).toBe(path.join(root, 'tile-anomaly', '1.2.0'));
  });

  it('when a name@version is given then that version directory is used', () => {
    expect(resolveModelDir('tile-anomaly@1.10.0', root)).toBe(path.join(root, 'tile-anomaly', '1.10.0'));
  });

  it('when versions sit side by side then they are listed in numeric order', () => {
    expect(listVersions('tile-anomaly', root)).toEqual(['1.0.0', '1.2.0', '1.10.0']);
  });

  it('when the version does not exist then a NotFoundError names it and lists the available ones', () => {
    expect(() => resolveModelDir('tile-anomaly@7.0.0', root)).toThrow(NotFoundError);
    expect(() => resolveModelDir('tile-anomaly@7.0.0', root)).toThrow(
      'Model tile-anomaly@7.0.0 not found in ' + root + ' (available versions: 1.0.0, 1.2.0, 1.10.0)',
    );
  });

  it('when the spec is malformed then a ValidationError says what was expected', () => {
    expect(() => resolveModelDir('Tile Anomaly', root)).toThrow(ValidationError);
    expect(() => resolveModelDir('Tile Anomaly', root)).toThrow(/Expected "<name>" or "<name>@<major.minor.patch>" for model/);
  });
});
