/**
 * Structured pino logging. Serializers whitelist fields so image bytes and bearer tokens never
 * reach a log line; per-scan work logs through `logger.child({ scanId })`.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const requestSerializer = (req: { method?: string; url?: string; id?: unknown }) => ({
  method: req.method,
  url: req.url,
  id: req.id,
});

/** Creates the process logger; `name` tells the API from the workers in a shared log stream. */
export function createLogger(name: string, level: string): Logger {
  return pino({
    name,
    level,
    serializers: { req: requestSerializer, err: pino.stdSerializers.err },
    redact: { paths: ['authorization', 'token', '*.authorization', '*.token', 'headers.authorization'], remove: true },
  });
}
