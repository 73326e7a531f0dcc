/**
 * Binding of build/tfjs-gradients.wasm: one module instance with its own memory, which is grown
 * only when a call needs more than it has and is reused by every later call. Inputs are copied in
 * above the module's heap base, the kernel runs, and the caller copies the result out.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ServiceUnavailableError } from '../../core/errors.js';
import type { ConvGeometry } from './geometry.js';

/** The kernels the module exports; every one takes (a, b, out, geometry...). */
export type GradientKernelName =
  | 'conv2dBackpropFilter' | 'conv2dBackpropInput' | 'depthwiseBackpropFilter' | 'depthwiseBackpropInput';

type KernelExport = (
  aPtr: number, bPtr: number, outPtr: number,
  batch: number, inH: number, inW: number, inC: number, outH: number, outW: number, outC: number,
  filterH: number, filterW: number, strideH: number, strideW: number, padTop: number, padLeft: number,
) => void;

interface GradientExports extends Record<GradientKernelName, KernelExport> {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
}

/** Default location of the compiled module (`npm run build:wasm-gradients`). */
export const DEFAULT_GRADIENTS_WASM = fileURLToPath(new URL('../../build/tfjs-gradients.wasm', import.meta.url));

const PAGE = 65536;
const align16 = (n: number): number => (n + 15) & ~15;

/** A loaded gradient module. Results are views into its memory, valid until the next call. */
export class GradientModule {
  private readonly exports: GradientExports;
  private readonly base: number;
  private heap: Float32Array;

  constructor(bytes: BufferSource) {
    // Synchronous compile: tfjs kernel functions are synchronous, and Node allows it for any size.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { abort: () => { throw new Error('tfjs-gradients.wasm aborted'); } },
    });
    this.exports = instance.exports as unknown as GradientExports;
    this.base = align16(this.exports.heapBase());
    this.heap = new Float32Array(this.exports.memory.buffer);
  }

  /** Bytes of linear memory the module currently holds. */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /**
   * Runs one kernel on `a` and `b` and returns its `outLength` results as a view into module memory.
   * @param kernel exported kernel name
   * @param a first input (x, or dy for depthwiseBackpropInput)
   * @param b second input (dy, or the filter for depthwiseBackpropInput)
   * @param outLength number of f32 results
   * @param g geometry, already validated
   */
  run(kernel: GradientKernelName, a: Float32Array, b: Float32Array, outLength: number, g: ConvGeometry): Float32Array {
    const aPtr = this.base;
    const bPtr = align16(aPtr + a.length * 4);
    const outPtr = align16(bPtr + b.length * 4);
    // conv2dBackpropInput transposes its filter (b) into scratch after the output, followed by a
    // list of 8 bytes per filter tap.
    const scratch = kernel === 'conv2dBackpropInput' ? 16 + b.length * 4 + g.filterH * g.filterW * 8 : 0;
    this.reserve(outPtr + outLength * 4 + scratch);
    this.heap.set(a, aPtr >> 2);
    this.heap.set(b, bPtr >> 2);
    this.exports[kernel](
      aPtr, bPtr, outPtr, g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC,
      g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft,
    );
    return this.heap.subarray(outPtr >> 2, (outPtr >> 2) + outLength);
  }

  /** Grows memory to hold `end` bytes; the old views are detached by a grow, so they are re-created. */
  private reserve(end: number): void {
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    }
    if (this.heap.buffer !== memory.buffer) this.heap = new Float32Array(memory.buffer);
  }
}

/**
 * Loads the module from bytes or a file path.
 * @throws ServiceUnavailableError when the file is missing (not built) or the runtime lacks WASM SIMD
 */
export function loadGradientModule(source: BufferSource | string = DEFAULT_GRADIENTS_WASM): GradientModule {
  let bytes: BufferSource;
  if (typeof source === 'string') {
    if (!existsSync(source)) {
      throw new ServiceUnavailableError(`WASM gradient kernels not built: ${source} is missing; run \`npm run build:wasm-gradients\``);
    }
    bytes = readFileSync(source);
  } else {
    bytes = source;
  }
  if (!WebAssembly.validate(bytes)) {
    throw new ServiceUnavailableError('This runtime cannot load tfjs-gradients.wasm (WebAssembly SIMD is required)');
  }
  return new GradientModule(bytes);
}
