/** Table shapes of the Scangate database, shared by every repository and by the migrations. */
import type { Generated, Selectable } from 'kysely';

export const SCAN_STATUSES = ['queued', 'processing', 'scored'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];
export const LANES = ['green', 'yellow', 'red'] as const;
export type Lane = (typeof LANES)[number];
export const ROLES = ['station', 'inspector', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ScansTable {
  scan_id: string;
  container_id: string;
  station_id: string;
  scanned_at: string;
  received_at: string;
  updated_at: string;
  /** sha256 over the canonical manifest and the image hashes: the idempotency fingerprint. */
  content_sha256: string;
  manifest_json: string;
  category: string;
  high_sha256: string;
  low_sha256: string | null;
  width: number;
  height: number;
  status: ScanStatus;
  attempts: number;
  risk_score: number | null;
  lane: Lane | null;
  reasons_json: string | null;
  findings_json: string | null;
  heatmap_sha256: string | null;
  model_name: string | null;
  model_version: string | null;
  timings_json: string;
  /** Set when the fail-safe scored the scan red because it could not be analysed. */
  failure_reason: string | null;
}

export interface TokensTable {
  id: Generated<number>;
  name: string;
  role: Role;
  token_sha256: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  scan_id: string | null;
  detail_json: string;
}

export interface DecisionsTable {
  id: Generated<number>;
  scan_id: string;
  decided_at: string;
  inspector: string;
  decision: string;
  note: string;
}

export interface ShadowScoresTable {
  scan_id: string;
  model_name: string;
  model_version: string;
  scored_at: string;
  score: number;
  p_value: number;
  /** The lane this model would have given; informational only. */
  lane: Lane;
  findings_json: string;
  model_ms: number;
}

export interface Database {
  scans: ScansTable;
  tokens: TokensTable;
  audit_log: AuditLogTable;
  decisions: DecisionsTable;
  shadow_scores: ShadowScoresTable;
}

export type ScanRow = Selectable<ScansTable>;
