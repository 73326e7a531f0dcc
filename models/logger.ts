/**
 * Default logger of the models package, used when a caller (worker, training script) does not hand
 * in its own child logger.
 */
import { createLogger } from '../core/logger.js';

export const modelsLogger = createLogger('scangate-models', 'info');
