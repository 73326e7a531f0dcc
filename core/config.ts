/**
 * The one place that reads `process.env`: every key has a default and a line of documentation,
 * is validated once and frozen. Tests build their own config with `loadConfig({ ... })`.
 */
import path from 'node:path';
import { z } from 'zod';

const integer = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const probability = (fallback: number) => z.coerce.number().gt(0).lt(1).default(fallback);

const configSchema = z.object({
  /** HTTP port of the API. */
  PORT: integer(0, 65535, 8080),
  /** Interface the API binds to; 127.0.0.1 keeps it private to the machine. */
  HOST: z.string().default('127.0.0.1'),
  /** Redis for the BullMQ queues. */
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Key prefix of every BullMQ key, so several deployments or test runs share one Redis safely. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('scangate'),
  /** Folder for the SQLite database and the content-addressed blob store. */
  DATA_DIR: z.string().default('./data'),
  /** Largest accepted upload per image part, in bytes (8192 x 2048 uint16 PNG is at most ~34 MB). */
  MAX_IMAGE_BYTES: integer(1024, 256 * 1024 * 1024, 64 * 1024 * 1024),
  /** Largest accepted image side, in pixels, per the domain convention (8192 x 2048). */
  MAX_IMAGE_WIDTH: integer(1, 65535, 8192),
  MAX_IMAGE_HEIGHT: integer(1, 65535, 2048),
  /** Attempts per scan before the fail-safe scores it red. */
  JOB_ATTEMPTS: integer(1, 20, 3),
  /** First retry delay in ms; later retries back off exponentially. */
  JOB_BACKOFF_MS: integer(0, 600_000, 1000),
  /** How often the worker checks that every unscored scan has a live job, in ms. */
  RECONCILE_INTERVAL_MS: integer(100, 3_600_000, 15_000),
  /** An unscored scan untouched for this long (ms) is checked by the reconciler. */
  RECONCILE_STALE_MS: integer(0, 86_400_000, 30_000),
  /** A worker holds a job's lock this long (ms) between renewals; a crashed worker's job returns to the queue after it. */
  WORKER_LOCK_MS: integer(1000, 600_000, 30_000),
  /** Scans processed at once by one worker process. */
  WORKER_CONCURRENCY: integer(1, 64, 1),
  /** Worker processes that `scangate start` launches beside the API. */
  WORKER_PROCESSES: integer(0, 64, 1),
  /** Model to score with: `<name>` or `<name>@<version>`; empty means the registry's default. */
  MODEL: z.string().default(''),
  /** Candidate model run in shadow mode on live traffic (`<name>@<version>`): scores stored, lanes unaffected. Empty: none. */
  SHADOW_MODEL: z.string().default(''),
  /** tf.js backend: auto picks tfjs-node when installed, else wasm, else cpu. */
  TF_BACKEND: z.enum(['auto', 'node', 'wasm', 'cpu']).default('auto'),
  /** p-value at or below which a scan goes to the yellow lane (5% false alarms on normal traffic). */
  YELLOW_P_VALUE: probability(0.05),
  /** p-value at or below which a scan goes to the red lane (1% false alarms on normal traffic). */
  RED_P_VALUE: probability(0.01),
  /** Relative gap between declared and image-estimated weight that is flagged. */
  WEIGHT_TOLERANCE: z.coerce.number().gt(0).max(10).default(0.35),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ScangateConfig = Readonly<z.output<typeof configSchema> & { dbPath: string; blobDir: string }>;

/**
 * Validates and freezes configuration from `source` (defaults to `process.env`).
 * @throws Error naming every invalid key, so start-up fails loudly instead of half-working.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): ScangateConfig {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, source[`SCANGATE_${key}`] ?? source[key]]),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.RED_P_VALUE >= parsed.data.YELLOW_P_VALUE) {
    throw new Error('Invalid configuration: RED_P_VALUE must be below YELLOW_P_VALUE');
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return Object.freeze({
    ...parsed.data,
    DATA_DIR: dataDir,
    dbPath: path.join(dataDir, 'scangate.sqlite'),
    blobDir: path.join(dataDir, 'blobs'),
  });
}
