/**
 * The linear-memory arena of one kernels instance. Each call reserves its regions from the same base
 * (calls never overlap: WASM runs to completion on one thread), so memory only grows when a call
 * needs more than any before it, and is then reused for every later scan.
 *
 * Typed-array views are made by the caller after `reserve` returns and dropped before the next call:
 * `memory.grow` detaches the old ArrayBuffer, and a view kept across a grow would read zero length.
 */
const PAGE_BYTES = 65536;
const ALIGN = 16;

function alignUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

export class WasmArena {
  readonly #memory: WebAssembly.Memory;
  readonly #base: number;

  /**
   * @param memory the instance's exported memory
   * @param base first free byte (the module's `__heap_base`)
   */
  constructor(memory: WebAssembly.Memory, base: number) {
    this.#memory = memory;
    this.#base = alignUp(base, ALIGN);
  }

  /** Bytes of linear memory currently committed. */
  get byteLength(): number {
    return this.#memory.buffer.byteLength;
  }

  /**
   * Lays out regions of the given byte sizes, 16-byte aligned (so v128 loads never straddle lanes
   * oddly), growing memory if the end lies past it.
   * @returns the byte offset of each region, in order
   */
  reserve(sizes: readonly number[]): number[] {
    const offsets: number[] = [];
    let end = this.#base;
    for (const size of sizes) {
      offsets.push(end);
      end = alignUp(end + size, ALIGN);
    }
    const have = this.#memory.buffer.byteLength;
    if (end > have) this.#memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    return offsets;
  }

  /** A fresh u8 view; valid until the next `reserve`. */
  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.#memory.buffer, ptr, length);
  }

  /** A fresh u16 view; valid until the next `reserve`. */
  u16(ptr: number, length: number): Uint16Array {
    return new Uint16Array(this.#memory.buffer, ptr, length);
  }

  /** A fresh u32 view; valid until the next `reserve`. */
  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.#memory.buffer, ptr, length);
  }

  /** A fresh f32 view; valid until the next `reserve`. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.#memory.buffer, ptr, length);
  }
}

/**
 * Copies a result view out of linear memory into `out`, or into a new array, so no view escapes a
 * call. The new array's memory is taken uninitialised (Buffer.allocUnsafeSlow) because it is
 * overwritten in full at once: zero-filling a fresh multi-megabyte array costs several times the
 * copy itself (bench/README.md, boundary profile).
 */
export function copyOut<T extends Float32Array | Uint8Array | Uint32Array>(view: T, out?: T): T {
  const target = out ?? uninitialisedLike(view);
  target.set(view);
  return target;
}

function uninitialisedLike<T extends Float32Array | Uint8Array | Uint32Array>(view: T): T {
  const bytes = Buffer.allocUnsafeSlow(view.byteLength);
  const Ctor = view.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;
  return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, view.length);
}
