import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainedFamilies, trainedFamiliesFromCard } from '../../../models/evaluation/trained-families.js';
import { describeAnomalyScans } from '../../../models/training/seg-model-card.js';
import { resolveModelDir } from '../../../models/io/model-registry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'scangate-families-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainedFamilies', () => {
  it('when the committed 1.0.0 card is read then false walls are not among the trained families', () => {
    expect(trainedFamilies(resolveModelDir('tile-anomaly@1.0.0'))).toEqual(['dense-block', 'organic-brick', 'irregular-item']);
  });

  it('when meta.json records the families then they win over the card', () => {
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ training: { anomalyKinds: ['false-wall', 'not-a-kind'] } }));
    writeFileSync(path.join(dir, 'card.md'), 'scans per kind of dense-block');
    expect(trainedFamilies(dir)).toEqual(['false-wall']);
  });

  it('when neither meta nor card says then the answer is null', () => {
    expect(trainedFamiliesFromCard('# A card without a data section')).toBeNull();
  });

  it('when the list wraps onto the next line then it still ends at the first non-kind word', () => {
    expect(trainedFamiliesFromCard('120 generator scans per kind of dense-block, organic-brick,\n  irregular-item (seeds 1500000')).toEqual(['dense-block', 'organic-brick', 'irregular-item']);
  });

  it('when each kind carries its scan count then the counts are dropped and the list still ends at the seeds', () => {
    const card = `- Generator anomalies: ${describeAnomalyScans({ trainingAnomalies: { kinds: ['dense-block', 'organic-brick', 'false-wall'], scansPerKind: 360, scansOfKind: { 'dense-block': 480, 'false-wall': 120 } } })} (seeds from 1500000`;

    expect(card).toContain('dense-block (480), organic-brick (360), false-wall (120)');
    expect(trainedFamiliesFromCard(card)).toEqual(['dense-block', 'organic-brick', 'false-wall']);
  });
});
