/**
 * Chooses the tf.js backend at run time: `node` (native TensorFlow via @tensorflow/tfjs-node, tf.js
 * name 'tensorflow') when that package is installed, else `wasm` (SIMD when the runtime has it), else plain `cpu`. The choice is
 * made once per process and logged; every later call returns the same answer.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Logger } from 'pino';
import { modelsLogger } from './logger.js';

export const BACKEND_NAMES = ['node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** `auto` keeps the usual order; the names match config's `SCANGATE_TF_BACKEND`. */
export type BackendPreference = BackendName | 'auto';

/** The name tf.js registers each backend under. */
const TF_NAMES: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/** The backend tf.js runs on now, by our name; undefined before any is set or for one we do not select. */
export function activeBackend(): BackendName | undefined {
  return BACKEND_NAMES.find((name) => TF_NAMES[name] === tf.getBackend());
}

export interface SelectedBackend {
  name: BackendName;
  /** True when the wasm backend runs its SIMD build. */
  simd: boolean;
  /** Backends tried before this one, with the reason each was passed over. */
  skipped: { name: BackendName; reason: string }[];
}

export interface SelectBackendOptions {
  /** Try this backend first (the config module maps `SCANGATE_TF_BACKEND` here). */
  preferred?: BackendPreference;
  logger?: Logger;
}

let selection: Promise<SelectedBackend> | undefined;

/**
 * Selects and initialises the tf.js backend; safe to call from every module that needs tf.
 * @param options.preferred backend to try first; the usual order follows if it fails.
 * @returns the backend in use, whether SIMD is on, and what was skipped and why.
 * @throws Error when not even the cpu backend initialises.
 * @example const { name } = await selectBackend(); // 'wasm' on a machine without tfjs-node
 */
export function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  selection ??= initialise(options);
  return selection;
}

async function initialise(options: SelectBackendOptions): Promise<SelectedBackend> {
  const log = options.logger ?? modelsLogger;
  const preferred = options.preferred ?? 'auto';
  const order = preferred === 'auto' ? [...BACKEND_NAMES] : [preferred, ...BACKEND_NAMES.filter((n) => n !== preferred)];
  const skipped: SelectedBackend['skipped'] = [];
  for (const name of order) {
    try {
      await activate(name);
      const simd = name === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      log.info({ backend: name, simd, skipped }, 'tf.js backend selected');
      return { name, simd, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(`No tf.js backend could be initialised: ${JSON.stringify(skipped)}`);
}

async function activate(name: BackendName): Promise<void> {
  if (name === 'node') {
    // A variable specifier keeps TypeScript and bundlers from requiring a package that is optional
    // and cannot be built on every machine; importing it registers the 'tensorflow' backend.
    const specifier = '@tensorflow/tfjs-node';
    await import(specifier);
  }
  if (name === 'wasm') setWasmPaths(wasmDirectory() + path.sep);
  if (!(await tf.setBackend(TF_NAMES[name]))) throw new Error(`tf.setBackend('${TF_NAMES[name]}') returned false`);
  await tf.ready();
}

let wasmDir: string | undefined;

/**
 * The directory holding the tf.js wasm binaries in node_modules. Emscripten would otherwise try to
 * fetch them relative to the script URL, which in Node means the network or nothing.
 */
export function wasmDirectory(): string {
  if (!wasmDir) {
    const require = createRequire(import.meta.url);
    wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  }
  return wasmDir;
}
