/**
 * Scan records: accepted uploads, their progress through the pipeline and their stored result.
 * The only writer of the `scans` table for both the API and the workers.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Lane, ScanRow, ScanStatus } from './schema.js';

export interface Finding {
  kind: string;
  score: number;
  box: { x: number; y: number; w: number; h: number };
}

export interface RiskResult {
  score: number;
  lane: Lane;
  reasons: string[];
  findings: Finding[];
}

export interface ScanResultUpdate {
  risk: RiskResult;
  heatmapSha256: string | null;
  model: { name: string; version: string } | null;
  timings: Record<string, number>;
  failureReason: string | null;
}

export type NewScan = Pick<
  ScanRow,
  | 'scan_id' | 'container_id' | 'station_id' | 'scanned_at' | 'content_sha256' | 'manifest_json'
  | 'category' | 'high_sha256' | 'low_sha256' | 'width' | 'height'
> & { timings: Record<string, number> };

export interface ScanListQuery {
  lane?: Lane;
  status?: ScanStatus;
  limit: number;
  cursor?: ScanCursor;
}

/** Keyset position in the "highest risk first" order: (risk desc, scanId asc). */
export interface ScanCursor {
  risk: number;
  scanId: string;
}

/** Unscored scans sort after every scored one. */
const RISK_SORT_KEY = sql<number>`coalesce(risk_score, -1)`;

export class ScanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts a scan unless its scanId exists. Returns the stored row and whether this call created it,
   * so the caller can tell a re-push (same fingerprint) from a conflict.
   */
  async insertIfAbsent(scan: NewScan): Promise<{ row: ScanRow; created: boolean }> {
    const now = new Date().toISOString();
    const { timings, ...columns } = scan;
    const inserted = await this.db
      .insertInto('scans')
      .values({ ...columns, received_at: now, updated_at: now, status: 'queued', attempts: 0, timings_json: JSON.stringify(timings) })
      .onConflict((oc) => oc.column('scan_id').doNothing())
      .executeTakeFirst();
    const row = await this.get(scan.scan_id);
    if (!row) throw new Error(`scan ${scan.scan_id} vanished after insert`);
    return { row, created: Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1 };
  }

  async get(scanId: string): Promise<ScanRow | undefined> {
    return this.db.selectFrom('scans').selectAll().where('scan_id', '=', scanId).executeTakeFirst();
  }

  /** Removes a scan that was never queued (its enqueue failed), so a retry starts clean. */
  async deleteUnqueued(scanId: string): Promise<void> {
    await this.db.deleteFrom('scans').where('scan_id', '=', scanId).where('status', '=', 'queued').execute();
  }

  /** Marks a scan as being worked on; a scored scan is never moved back. */
  async markProcessing(scanId: string, attempt: number): Promise<void> {
    await this.db
      .updateTable('scans')
      .set({ status: 'processing', attempts: attempt, updated_at: new Date().toISOString() })
      .where('scan_id', '=', scanId)
      .where('status', '!=', 'scored')
      .execute();
  }

  /** Stores the terminal result. Idempotent: a second result for a scored scan is ignored. */
  async saveResult(scanId: string, result: ScanResultUpdate): Promise<boolean> {
    const row = await this.get(scanId);
    if (!row || row.status === 'scored') return false;
    const timings = { ...(JSON.parse(row.timings_json) as Record<string, number>), ...result.timings };
    const updated = await this.db
      .updateTable('scans')
      .set({
        status: 'scored',
        updated_at: new Date().toISOString(),
        risk_score: result.risk.score,
        lane: result.risk.lane,
        reasons_json: JSON.stringify(result.risk.reasons),
        findings_json: JSON.stringify(result.risk.findings),
        heatmap_sha256: result.heatmapSha256,
        model_name: result.model?.name ?? null,
        model_version: result.model?.version ?? null,
        timings_json: JSON.stringify(timings),
        failure_reason: result.failureReason,
      })
      .where('scan_id', '=', scanId)
      .where('status', '!=', 'scored')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Scans by descending risk (unscored last), then scanId; keyset-paginated. */
  async list(query: ScanListQuery): Promise<ScanRow[]> {
    let q = this.db.selectFrom('scans').selectAll();
    if (query.lane) q = q.where('lane', '=', query.lane);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.cursor) {
      const { risk, scanId } = query.cursor;
      q = q.where((eb) =>
        eb.or([eb(RISK_SORT_KEY, '<', risk), eb.and([eb(RISK_SORT_KEY, '=', risk), eb('scan_id', '>', scanId)])]),
      );
    }
    return q.orderBy(RISK_SORT_KEY, 'desc').orderBy('scan_id', 'asc').limit(query.limit).execute();
  }

  /** Counts per status: the 100%-coverage check. */
  async countByStatus(): Promise<Record<ScanStatus, number>> {
    const rows = await this.db
      .selectFrom('scans')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts: Record<ScanStatus, number> = { queued: 0, processing: 0, scored: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** Unscored scans not touched since `before`: candidates for the queue reconciler. */
  async listUnscoredSince(before: Date, limit: number): Promise<ScanRow[]> {
    return this.db
      .selectFrom('scans')
      .selectAll()
      .where('status', '!=', 'scored')
      .where('updated_at', '<', before.toISOString())
      .orderBy('updated_at', 'asc')
      .limit(limit)
      .execute();
  }
}
