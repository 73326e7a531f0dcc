/**
 * The linear-memory arena of one kernels instance, in two parts:
 *
 * - a **resident** stack from `__heap_base` up to `floor`: planes that sessions (wasm-session.ts)
 *   keep across calls. Only the innermost open session allocates or frees, so the stack needs no
 *   free list; closing a session drops the floor back to where it was opened.
 * - a **transient** region above `floor`: each copying call reserves its inputs, output and scratch
 *   there from the same base (calls never overlap: WASM runs to completion on one thread), so
 *   memory only grows when a call needs more than any before it, and is then reused.
 *
 * Typed-array views are made after `reserve`/`allocate` returns and dropped before the next one:
 * `memory.grow` detaches the old ArrayBuffer, and a view kept across a grow would read zero length.
 * WASM memory never shrinks; it stays at the peak one scan needed and is reused by the next.
 */
const PAGE_BYTES = 65536;
const ALIGN = 16;

function alignUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

export class WasmArena {
  readonly #memory: WebAssembly.Memory;
  readonly #base: number;
  #floor: number;
  readonly #owners: object[] = [];

  /**
   * @param memory the instance's exported memory
   * @param base first free byte (the module's `__heap_base`)
   */
  constructor(memory: WebAssembly.Memory, base: number) {
    this.#memory = memory;
    this.#base = alignUp(base, ALIGN);
    this.#floor = this.#base;
  }

  /** The instance's memory (views are made over its current buffer). */
  get memory(): WebAssembly.Memory {
    return this.#memory;
  }

  /** Bytes of linear memory currently committed. */
  get byteLength(): number {
    return this.#memory.buffer.byteLength;
  }

  /** End of the resident stack: transient regions start here. */
  get floor(): number {
    return this.#floor;
  }

  /** Bytes held by open sessions. */
  get residentBytes(): number {
    return this.#floor - this.#base;
  }

  /**
   * Lays out transient regions of the given byte sizes above the resident stack, 16-byte aligned
   * (so v128 loads never straddle lanes oddly), growing memory if the end lies past it.
   * @returns the byte offset of each region, in order
   */
  reserve(sizes: readonly number[]): number[] {
    const offsets: number[] = [];
    let end = this.#floor;
    for (const size of sizes) {
      offsets.push(end);
      end = alignUp(end + size, ALIGN);
    }
    this.#ensure(end);
    return offsets;
  }

  /** Makes `owner` the innermost resident owner; returns the floor to drop back to when it leaves. */
  push(owner: object): number {
    this.#owners.push(owner);
    return this.#floor;
  }

  /** Whether `owner` is the innermost open owner (the only one that may allocate or free). */
  isInnermost(owner: object): boolean {
    return this.#owners[this.#owners.length - 1] === owner;
  }

  /** Removes the innermost owner and drops the floor to `mark`. */
  pop(owner: object, mark: number): void {
    if (!this.isInnermost(owner)) throw new Error('Only the innermost session can be closed');
    this.#owners.pop();
    this.#floor = mark;
  }

  /** Drops the floor to `mark` (an innermost owner freeing everything it allocated). */
  release(mark: number): void {
    this.#floor = mark;
  }

  /** Bumps the resident stack by `bytes` (16-byte aligned), growing memory when needed. */
  allocate(bytes: number): number {
    const ptr = this.#floor;
    const end = alignUp(ptr + bytes, ALIGN);
    this.#ensure(end);
    this.#floor = end;
    return ptr;
  }

  #ensure(end: number): void {
    const have = this.#memory.buffer.byteLength;
    if (end > have) this.#memory.grow(Math.ceil((end - have) / PAGE_BYTES));
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
export function copyOut<T extends Float32Array | Uint16Array | Uint8Array | Uint32Array>(view: T, out?: T): T {
  const target = out ?? uninitialisedLike(view);
  target.set(view);
  return target;
}

function uninitialisedLike<T extends Float32Array | Uint16Array | Uint8Array | Uint32Array>(view: T): T {
  const bytes = Buffer.allocUnsafeSlow(view.byteLength);
  const Ctor = view.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;
  return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, view.length);
}
