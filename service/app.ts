/**
 * The Express application: JSON API under /api/v1, every route authenticated. Built from its
 * dependencies so tests run the real app against their own database, blob folder and queue prefix.
 */
import express, { type Express } from 'express';
import type { Queue } from 'bullmq';
import type { Logger } from '../core/logger.js';
import type { ScanJobData } from '../core/queue.js';
import type { Runtime } from '../core/runtime.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { requestLog } from './http/request-log.js';
import { scanRoutes } from './routes/scan-routes.js';
import { tokenRoutes } from './routes/token-routes.js';

export function createApp(runtime: Runtime, queue: Queue<ScanJobData>, log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLog(log));
  app.use(express.json({ limit: '16kb' }));
  app.use('/api/v1', scanRoutes(runtime, queue, log), tokenRoutes(runtime));
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
