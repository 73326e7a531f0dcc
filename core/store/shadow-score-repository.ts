/** Shadow-mode scores: what a candidate model said about live scans, for side-by-side comparison. */
import type { Kysely } from 'kysely';
import type { Finding } from './scan-repository.js';
import type { Database, Lane } from './schema.js';

export interface ShadowScore {
  scanId: string;
  model: { name: string; version: string };
  scoredAt: string;
  score: number;
  pValue: number;
  lane: Lane;
  findings: Finding[];
  modelMs: number;
}

export class ShadowScoreRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a shadow score; a repeat for the same scan and model version replaces the old one. */
  async save(s: ShadowScore): Promise<void> {
    const row = {
      scan_id: s.scanId,
      model_name: s.model.name,
      model_version: s.model.version,
      scored_at: s.scoredAt,
      score: s.score,
      p_value: s.pValue,
      lane: s.lane,
      findings_json: JSON.stringify(s.findings),
      model_ms: s.modelMs,
    };
    await this.db
      .insertInto('shadow_scores')
      .values(row)
      .onConflict((oc) => oc.columns(['scan_id', 'model_name', 'model_version']).doUpdateSet(row))
      .execute();
  }

  async forScan(scanId: string): Promise<ShadowScore[]> {
    const rows = await this.db.selectFrom('shadow_scores').selectAll().where('scan_id', '=', scanId).orderBy('model_name').execute();
    return rows.map((r) => ({
      scanId: r.scan_id,
      model: { name: r.model_name, version: r.model_version },
      scoredAt: r.scored_at,
      score: r.score,
      pValue: r.p_value,
      lane: r.lane,
      findings: JSON.parse(r.findings_json) as Finding[],
      modelMs: r.model_ms,
    }));
  }
}
