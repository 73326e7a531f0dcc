/**
 * Opens what both the API and the workers stand on: the database with its repositories and the
 * blob store. One call at start-up, one `close()` at shutdown.
 */
import type { Kysely } from 'kysely';
import type { ScangateConfig } from './config.js';
import { AuditLog } from './store/audit-log.js';
import { BlobStore } from './store/blob-store.js';
import { openDatabase } from './store/database.js';
import { DecisionRepository } from './store/decision-repository.js';
import { ScanRepository } from './store/scan-repository.js';
import type { Database } from './store/schema.js';
import { ShadowScoreRepository } from './store/shadow-score-repository.js';
import { TokenRepository } from './store/token-repository.js';

export interface Runtime {
  config: ScangateConfig;
  db: Kysely<Database>;
  scans: ScanRepository;
  tokens: TokenRepository;
  decisions: DecisionRepository;
  audit: AuditLog;
  shadowScores: ShadowScoreRepository;
  blobs: BlobStore;
  close(): Promise<void>;
}

export async function openRuntime(config: ScangateConfig): Promise<Runtime> {
  const db = await openDatabase(config.dbPath);
  return {
    config,
    db,
    scans: new ScanRepository(db),
    tokens: new TokenRepository(db),
    decisions: new DecisionRepository(db),
    audit: new AuditLog(db),
    shadowScores: new ShadowScoreRepository(db),
    blobs: new BlobStore(config.blobDir),
    close: () => db.destroy(),
  };
}
