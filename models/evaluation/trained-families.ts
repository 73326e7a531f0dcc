/**
 * Which anomaly families a model version saw in training, so the evaluation can tell held-out
 * families (honest generalisation) from trained ones. Read from meta.json when training recorded
 * it (`training.anomalyKinds`), else from the version's card, whose data section names the
 * generator anomaly kinds it trained on ("… scans per kind of dense-block, organic-brick, …").
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ANOMALY_KINDS, type AnomalyKind } from '../../fixtures/generator/index.js';

/**
 * @param modelDir the version directory (meta.json, card.md)
 * @returns the trained families, or null when neither file says.
 */
export function trainedFamilies(modelDir: string): readonly AnomalyKind[] | null {
  const meta = JSON.parse(readFileSync(path.join(modelDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  const recorded = kindsOf(meta.training);
  if (recorded) return recorded;
  const card = path.join(modelDir, 'card.md');
  return existsSync(card) ? trainedFamiliesFromCard(readFileSync(card, 'utf8')) : null;
}

/**
 * The first "per kind of <list>" of a card (each kind may carry its scan count in brackets): the
 * training data section comes before validation.
 * @example trainedFamiliesFromCard('120 generator scans per kind of dense-block, false-wall (seeds') // ['dense-block', 'false-wall']
 * @example trainedFamiliesFromCard('scans per kind of dense-block (480), false-wall (120) (seeds') // ['dense-block', 'false-wall']
 */
export function trainedFamiliesFromCard(card: string): readonly AnomalyKind[] | null {
  const match = /per kind of\s+([a-z-]+(?: \(\d+\))?(?:,\s*[a-z-]+(?: \(\d+\))?)*)/.exec(card);
  if (!match) return null;
  const kinds = match[1].split(/,\s*/).map((k) => k.replace(/ \(\d+\)$/, '')).filter((k): k is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(k));
  return kinds.length > 0 ? kinds : null;
}

function kindsOf(value: unknown): readonly AnomalyKind[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const list = (value as Record<string, unknown>).anomalyKinds;
  if (!Array.isArray(list)) return undefined;
  return list.filter((k): k is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(k));
}
