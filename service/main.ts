/** API process entry: open the runtime, listen, shut down cleanly on SIGTERM/SIGINT. */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createScanQueue } from '../core/queue.js';
import { openRuntime } from '../core/runtime.js';
import { createApp } from './app.js';

const config = loadConfig();
const log = createLogger('scangate-api', config.LOG_LEVEL);
const runtime = await openRuntime(config);
const queue = createScanQueue(config, 'producer');
queue.on('error', (err) => log.warn({ err: err.message }, 'queue connection error'));
const server = createApp(runtime, queue, log).listen(config.PORT, config.HOST, () => {
  log.info({ host: config.HOST, port: config.PORT, dataDir: config.DATA_DIR }, 'scangate API listening');
});

async function shutdown(signal: string) {
  log.info({ signal }, 'shutting down API');
  server.close();
  await queue.close();
  await runtime.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
