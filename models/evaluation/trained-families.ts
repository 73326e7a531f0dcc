/**
 * Which anomaly families a model version saw in training, so the evaluation can tell held-out
 * families (honest generalisation) from trained ones. Read from meta.json when training recorded
 * it, else from the training config when it describes that very version, else from what the
 * version's card states.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ANOMALY_KINDS, type AnomalyKind } from '../../fixtures/generator/index.js';
import { TRAIN_CONFIG } from '../training/train-config.js';

/** Families named in the cards of versions whose meta.json predates the training record. */
const FROM_CARDS: Record<string, readonly AnomalyKind[]> = {
  // Card 1.0.0, "Data": generator scans of these three; false walls "are never trained on".
  'tile-anomaly@1.0.0': ['dense-block', 'organic-brick', 'irregular-item'],
};

/**
 * @param modelDir the version directory (meta.json inside)
 * @returns the trained families, or null when nothing says.
 */
export function trainedFamilies(modelDir: string, name: string, version: string): readonly AnomalyKind[] | null {
  const meta = JSON.parse(readFileSync(path.join(modelDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  const recorded = findKinds(meta.training) ?? findKinds(meta.trainingAnomalies);
  if (recorded) return recorded;
  if (TRAIN_CONFIG.name === name && TRAIN_CONFIG.version === version) return TRAIN_CONFIG.trainingAnomalies.kinds;
  return FROM_CARDS[`${name}@${version}`] ?? null;
}

/** Accepts `{ anomalyKinds: [...] }`, `{ kinds: [...] }` or `{ trainingAnomalies: { kinds } }`. */
function findKinds(value: unknown): readonly AnomalyKind[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const list = v.anomalyKinds ?? v.kinds ?? (v.trainingAnomalies as Record<string, unknown> | undefined)?.kinds;
  if (!Array.isArray(list)) return undefined;
  return list.filter((k): k is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(k));
}
