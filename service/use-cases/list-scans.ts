/** Lists scans highest risk first, with an opaque keyset cursor for the next page. */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { ScanCursor, ScanRepository } from '../../core/store/scan-repository.js';
import { LANES, SCAN_STATUSES } from '../../core/store/schema.js';
import { toScanView, type ScanView } from './scan-view.js';

export const listScansQuerySchema = z.object({
  lane: z.enum(LANES).optional(),
  status: z.enum(SCAN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListScansQuery = z.output<typeof listScansQuerySchema>;

const cursorSchema = z.object({ risk: z.number(), scanId: z.string() });

function encodeCursor(cursor: ScanCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): ScanCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError('Expected a cursor returned by a previous page', 'cursor');
  }
}

export async function listScans(scans: ScanRepository, query: ListScansQuery): Promise<{ items: ScanView[]; nextCursor: string | null }> {
  const rows = await scans.list({
    lane: query.lane,
    status: query.status,
    limit: query.limit,
    cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
  });
  const last = rows.at(-1);
  const nextCursor = rows.length === query.limit && last ? encodeCursor({ risk: last.risk_score ?? -1, scanId: last.scan_id }) : null;
  return { items: rows.map(toScanView), nextCursor };
}
