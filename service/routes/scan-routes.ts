/** Thin HTTP routes for scans: parse, call a use case, answer. */
import { Router } from 'express';
import type { Queue } from 'bullmq';
import { NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ScanJobData } from '../../core/queue.js';
import type { Runtime } from '../../core/runtime.js';
import { actorOf, requirePermission } from '../http/authenticate.js';
import { parseInput } from '../http/parse-input.js';
import { readScanUpload } from '../http/read-scan-upload.js';
import { ingestScan } from '../use-cases/ingest-scan.js';
import { listScans, listScansQuerySchema } from '../use-cases/list-scans.js';
import { decisionBodySchema, recordDecision } from '../use-cases/record-decision.js';
import { toScanView } from '../use-cases/scan-view.js';

export function scanRoutes(runtime: Runtime, queue: Queue<ScanJobData>, log: Logger): Router {
  const router = Router();
  const { tokens, scans } = runtime;

  router.post('/scans', requirePermission(tokens, 'scans:push'), async (req, res) => {
    const startedAt = performance.now();
    const upload = await readScanUpload(req, runtime.blobs, runtime.config.MAX_IMAGE_BYTES);
    const outcome = await ingestScan(upload, { runtime, queue, log, actor: actorOf(req.identity), startedAt });
    if (outcome.created) res.status(202).json({ scanId: outcome.row.scan_id, status: 'queued' });
    else res.status(200).json(toScanView(outcome.row));
  });

  router.get('/scans', requirePermission(tokens, 'scans:read'), async (req, res) => {
    const query = parseInput(listScansQuerySchema, req.query, 'query');
    res.json(await listScans(scans, query));
  });

  router.get('/scans/:scanId', requirePermission(tokens, 'scans:read'), async (req, res) => {
    const row = await scans.get(String(req.params.scanId));
    if (!row) throw new NotFoundError(`No scan ${req.params.scanId}`, 'scanId');
    const decisions = await runtime.decisions.forScan(row.scan_id);
    res.json({ ...toScanView(row), decisions });
  });

  router.get('/scans/:scanId/heatmap.png', requirePermission(tokens, 'scans:read'), async (req, res) => {
    const row = await scans.get(String(req.params.scanId));
    if (!row?.heatmap_sha256) throw new NotFoundError(`No heatmap for scan ${req.params.scanId}`, 'scanId');
    res.type('image/png').send(await runtime.blobs.read(row.heatmap_sha256));
  });

  router.post('/scans/:scanId/decision', requirePermission(tokens, 'scans:decide'), async (req, res) => {
    const body = parseInput(decisionBodySchema, req.body ?? {}, 'body');
    const decision = await recordDecision(runtime, String(req.params.scanId), body, actorOf(req.identity));
    res.status(201).json(decision);
  });

  router.get('/scans/:scanId/audit', requirePermission(tokens, 'scans:decide'), async (req, res) => {
    res.json({ items: await runtime.audit.forScan(String(req.params.scanId)) });
  });

  router.get('/scans/:scanId/shadow', requirePermission(tokens, 'models:read'), async (req, res) => {
    res.json({ items: await runtime.shadowScores.forScan(String(req.params.scanId)) });
  });

  router.get('/coverage', requirePermission(tokens, 'coverage:read'), async (_req, res) => {
    const counts = await scans.countByStatus();
    const received = counts.queued + counts.processing + counts.scored;
    res.json({ received, ...counts, scoredFraction: received === 0 ? 1 : counts.scored / received });
  });

  return router;
}
