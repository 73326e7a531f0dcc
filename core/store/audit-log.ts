/** Append-only audit trail of who did what to which scan (uploads, reads of results, decisions). */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface AuditEntry {
  actor: string;
  action: string;
  scanId?: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'scanId'>> {
  at: string;
  scanId: string | null;
}

export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        actor: entry.actor,
        action: entry.action,
        scan_id: entry.scanId ?? null,
        detail_json: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  async forScan(scanId: string): Promise<AuditRecord[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('scan_id', '=', scanId).orderBy('id').execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, scanId: r.scan_id, detail: JSON.parse(r.detail_json) }));
  }
}
