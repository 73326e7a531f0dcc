/**
 * Makes `npm test` self-sufficient: Redis must answer at REDIS_URL (default 127.0.0.1:6379); when
 * none runs and redis-server is installed, one is started for the run and stopped after it.
 */
import os from 'node:os';
import { ensureRedis } from '../cli/ensure-redis.js';

export default async function setup(): Promise<() => void> {
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', os.tmpdir());
  return () => {
    redis?.kill('SIGTERM');
  };
}
