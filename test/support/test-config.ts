/** A private configuration per test file: its own data folder and BullMQ prefix on the shared Redis. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type ScangateConfig } from '../../core/config.js';

export function makeTestConfig(overrides: Record<string, string> = {}): ScangateConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scangate-test-'));
  return loadConfig({
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `test-${randomUUID()}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    JOB_BACKOFF_MS: '50',
    ...overrides,
  });
}
