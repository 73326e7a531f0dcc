/** Inspectors' decisions on scans; every insert is paired with an audit entry by the use case. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export const DECISIONS = ['release', 'documents', 'physical_inspection', 'seize'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

export interface Decision {
  scanId: string;
  decidedAt: string;
  inspector: string;
  decision: DecisionKind;
  note: string;
}

export class DecisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(decision: Decision): Promise<void> {
    await this.db
      .insertInto('decisions')
      .values({
        scan_id: decision.scanId,
        decided_at: decision.decidedAt,
        inspector: decision.inspector,
        decision: decision.decision,
        note: decision.note,
      })
      .execute();
  }

  async forScan(scanId: string): Promise<Decision[]> {
    const rows = await this.db.selectFrom('decisions').selectAll().where('scan_id', '=', scanId).orderBy('id').execute();
    return rows.map((r) => ({
      scanId: r.scan_id,
      decidedAt: r.decided_at,
      inspector: r.inspector,
      decision: r.decision as DecisionKind,
      note: r.note,
    }));
  }
}
