/**
 * Runs the real Express app on an ephemeral port against a real SQLite file, blob folder and Redis
 * queue (private prefix), with one token per role.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Queue } from 'bullmq';
import { issueToken } from '../../core/auth/tokens.js';
import type { ScangateConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createScanQueue, type ScanJobData } from '../../core/queue.js';
import { openRuntime, type Runtime } from '../../core/runtime.js';
import { ROLES, type Role } from '../../core/store/schema.js';
import { createApp } from '../../service/app.js';

export interface ServiceHarness {
  url: string;
  config: ScangateConfig;
  runtime: Runtime;
  queue: Queue<ScanJobData>;
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export async function startService(config: ScangateConfig): Promise<ServiceHarness> {
  const runtime = await openRuntime(config);
  const queue = createScanQueue(config, 'producer');
  // Tests restart Redis on purpose; connection errors are expected then, not failures.
  queue.on('error', () => undefined);
  const log = createLogger('test-api', config.LOG_LEVEL);
  const server: Server = await new Promise((resolve) => {
    const s = createApp(runtime, queue, log).listen(0, '127.0.0.1', () => resolve(s));
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await issueToken(runtime.tokens, `test-${role}`, role)).token;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    runtime,
    queue,
    tokens,
    async close() {
      await new Promise((r) => server.close(r));
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await runtime.close();
    },
  };
}
