/**
 * Accepting a scan: validate the manifest and images, store them content-addressed, record the
 * scan and queue it. Idempotent on scanId: the identical upload again returns the stored state,
 * the same scanId with other content is a conflict. A scan is accepted only once its job is queued.
 */
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { ConflictError, ImageRejectedError, ServiceUnavailableError, ValidationError } from '../../core/errors.js';
import { probeScanImage, type ScanImageInfo } from '../../core/images/scan-image.js';
import type { Logger } from '../../core/logger.js';
import { enqueueScan, type ScanJobData } from '../../core/queue.js';
import type { Runtime } from '../../core/runtime.js';
import { scanManifestSchema, type ScanManifest } from '../../core/scan-manifest.js';
import type { ScanRow } from '../../core/store/schema.js';
import { parseInput } from '../http/parse-input.js';
import type { ScanUpload } from '../http/read-scan-upload.js';

export interface IngestOutcome {
  /** true when this call accepted the scan; false for an identical re-push. */
  created: boolean;
  row: ScanRow;
}

/** Parses and validates the manifest part. @throws ValidationError naming the failing field path */
export function parseManifest(text: string): ScanManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError('Expected the manifest part to be JSON', 'manifest');
  }
  return parseInput(scanManifestSchema, json, 'manifest');
}

/** JSON with sorted keys, so the fingerprint does not depend on the client's key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fingerprint(manifest: ScanManifest, highSha: string, lowSha: string | null): string {
  return createHash('sha256').update(canonicalJson(manifest)).update(`|${highSha}|${lowSha ?? ''}`).digest('hex');
}

async function probeImages(upload: ScanUpload, runtime: Runtime): Promise<ScanImageInfo> {
  const limits = { maxWidth: runtime.config.MAX_IMAGE_WIDTH, maxHeight: runtime.config.MAX_IMAGE_HEIGHT };
  const high = await probeScanImage(upload.high.tmpPath, 'high', limits);
  if (upload.low) {
    const low = await probeScanImage(upload.low.tmpPath, 'low', limits);
    if (low.width !== high.width || low.height !== high.height) {
      throw new ImageRejectedError(
        `Expected low to match high's ${high.width} x ${high.height} pixels but received ${low.width} x ${low.height}`,
        'low',
      );
    }
  }
  return high;
}

/**
 * Validates, stores and queues an upload. Staged image files are committed or discarded here.
 * @throws ValidationError, ImageRejectedError, PayloadTooLargeError, ConflictError, ServiceUnavailableError
 */
export async function ingestScan(
  upload: ScanUpload,
  deps: { runtime: Runtime; queue: Queue<ScanJobData>; log: Logger; actor: string; startedAt: number },
): Promise<IngestOutcome> {
  const { runtime, queue } = deps;
  const staged = [upload.high, ...(upload.low ? [upload.low] : [])];
  let image: ScanImageInfo;
  let manifest: ScanManifest;
  try {
    manifest = parseManifest(upload.manifestText);
    image = await probeImages(upload, runtime);
  } catch (err) {
    await Promise.all(staged.map((b) => runtime.blobs.discard(b)));
    throw err;
  }
  await Promise.all(staged.map((b) => runtime.blobs.commit(b)));

  const category = manifest.declaration.category ?? 'general';
  const contentSha256 = fingerprint(manifest, upload.high.sha256, upload.low?.sha256 ?? null);
  const { row, created } = await runtime.scans.insertIfAbsent({
    scan_id: manifest.scanId,
    container_id: manifest.containerId,
    station_id: manifest.stationId,
    scanned_at: manifest.scannedAt,
    content_sha256: contentSha256,
    manifest_json: JSON.stringify(manifest),
    category,
    high_sha256: upload.high.sha256,
    low_sha256: upload.low?.sha256 ?? null,
    width: image.width,
    height: image.height,
    // Upload streamed and hashed, manifest and images validated, blobs committed.
    timings: { ingestMs: Math.round(performance.now() - deps.startedAt) },
  });
  if (!created) {
    if (row.content_sha256 !== contentSha256) {
      throw new ConflictError(`Scan ${manifest.scanId} was already received with different content`, 'manifest.scanId');
    }
    return { created: false, row };
  }

  try {
    await enqueueScan(queue, runtime.config, { scanId: row.scan_id, highSha256: row.high_sha256, lowSha256: row.low_sha256 }, category);
  } catch (err) {
    deps.log.error({ err, scanId: row.scan_id }, 'enqueue failed; scan not accepted');
    await runtime.scans.deleteUnqueued(row.scan_id);
    throw new ServiceUnavailableError('The scan queue is unavailable; retry the same upload');
  }
  await runtime.audit.record({ actor: deps.actor, action: 'scan.ingested', scanId: row.scan_id, detail: { category, width: image.width, height: image.height, dualEnergy: upload.low !== null } });
  return { created: true, row };
}
