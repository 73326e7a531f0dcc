/** An inspector's decision on a scored scan, stored with its audit entry. */
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Runtime } from '../../core/runtime.js';
import { AuditLog } from '../../core/store/audit-log.js';
import { DECISIONS, DecisionRepository, type Decision } from '../../core/store/decision-repository.js';

export const decisionBodySchema = z.object({
  decision: z.enum(DECISIONS),
  note: z.string().max(2000).default(''),
});
export type DecisionBody = z.output<typeof decisionBodySchema>;

/**
 * @throws NotFoundError when the scan does not exist
 * @throws ConflictError when the scan has no result yet (nothing to decide on)
 */
export async function recordDecision(runtime: Runtime, scanId: string, body: DecisionBody, inspector: string): Promise<Decision> {
  const row = await runtime.scans.get(scanId);
  if (!row) throw new NotFoundError(`No scan ${scanId}`, 'scanId');
  if (row.status !== 'scored') throw new ConflictError(`Scan ${scanId} has no result to decide on yet`, 'scanId');
  const decision: Decision = { scanId, decidedAt: new Date().toISOString(), inspector, decision: body.decision, note: body.note };
  // One transaction: a decision is never stored without its audit entry.
  await runtime.db.transaction().execute(async (trx) => {
    await new DecisionRepository(trx).insert(decision);
    await new AuditLog(trx).record({ actor: inspector, action: 'scan.decided', scanId, detail: { decision: body.decision, lane: row.lane, score: row.risk_score } });
  });
  return decision;
}
