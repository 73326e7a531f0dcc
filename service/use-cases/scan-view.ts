/** The API's representation of a scan, built from its stored row. */
import type { Finding } from '../../core/store/scan-repository.js';
import type { Lane, ScanRow, ScanStatus } from '../../core/store/schema.js';

export interface ScanView {
  scanId: string;
  containerId: string;
  stationId: string;
  scannedAt: string;
  receivedAt: string;
  status: ScanStatus;
  risk?: { score: number; lane: Lane; reasons: string[]; findings: Finding[] };
  model: { name: string; version: string } | null;
  failureReason?: string;
  heatmapUrl?: string;
  dualEnergy: boolean;
  image: { width: number; height: number };
  timings: Record<string, number>;
}

export function toScanView(row: ScanRow): ScanView {
  const view: ScanView = {
    scanId: row.scan_id,
    containerId: row.container_id,
    stationId: row.station_id,
    scannedAt: row.scanned_at,
    receivedAt: row.received_at,
    status: row.status,
    model: row.model_name ? { name: row.model_name, version: row.model_version ?? '' } : null,
    dualEnergy: row.low_sha256 !== null,
    image: { width: row.width, height: row.height },
    timings: JSON.parse(row.timings_json) as Record<string, number>,
  };
  if (row.status === 'scored' && row.lane !== null && row.risk_score !== null) {
    view.risk = {
      score: row.risk_score,
      lane: row.lane,
      reasons: JSON.parse(row.reasons_json ?? '[]') as string[],
      findings: JSON.parse(row.findings_json ?? '[]') as Finding[],
    };
  }
  if (row.failure_reason) view.failureReason = row.failure_reason;
  if (row.heatmap_sha256) view.heatmapUrl = `/api/v1/scans/${encodeURIComponent(row.scan_id)}/heatmap.png`;
  return view;
}
