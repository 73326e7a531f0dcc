/**
 * One structured log line per request: method, path, status, duration and the caller's role:name.
 * Headers and bodies are never logged (tokens and image bytes stay out of the logs).
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../../core/logger.js';
import { actorOf } from './authenticate.js';

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const entry = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        actor: actorOf(req.identity),
      };
      if (res.statusCode >= 500) log.error(entry, 'request failed');
      else log.info(entry, 'request');
    });
    next();
  };
}
