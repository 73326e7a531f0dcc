/** Worker process entry: load the WASM kernels and the model once, then consume the scan queue. */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { openRuntime } from '../core/runtime.js';
import { loadKernels } from '../kernels/index.js';
import { loadAnomalyModel } from '../models/inference/anomaly-model.js';
import { startScanWorker } from './scan-worker.js';

const config = loadConfig();
const log = createLogger('scangate-worker', config.LOG_LEVEL);
const runtime = await openRuntime(config);
const kernels = loadKernels();
const model = await loadAnomalyModel(config.MODEL || undefined, { backend: config.TF_BACKEND, logger: log });
const shadow = config.SHADOW_MODEL ? await loadAnomalyModel(config.SHADOW_MODEL, { backend: config.TF_BACKEND, logger: log }) : undefined;
log.info({ kernels: kernels.variant, model: `${model.name}@${model.version}`, shadow: shadow && `${shadow.name}@${shadow.version}` }, 'worker ready');
const worker = startScanWorker({ runtime, kernels, model, shadow }, log);

async function shutdown(signal: string) {
  log.info({ signal }, 'shutting down worker');
  await worker.close();
  await runtime.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
