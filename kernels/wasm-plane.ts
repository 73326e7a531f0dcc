/**
 * A handle on an image that lives in a kernels instance's linear memory (a {@link KernelSession}
 * plane). It holds a byte offset, never a typed array: `memory.grow` detaches the old buffer, so
 * every view is made fresh from the memory's current buffer when asked for.
 */
import { described, describe, fail } from './validate.js';
import type { Plane } from './types.js';
import { copyOut } from './wasm-memory.js';

/** Pixel formats of resident planes; `rgba8` holds 4 bytes per pixel. */
export type PixelFormat = 'u16' | 'f32' | 'u8' | 'rgba8';

/** The typed array each format reads as. */
export interface PixelArrays {
  u16: Uint16Array;
  f32: Float32Array;
  u8: Uint8Array;
  rgba8: Uint8Array;
}

/** Bytes per pixel of each format. */
export const BYTES_PER_PIXEL: Readonly<Record<PixelFormat, number>> = { u16: 2, f32: 4, u8: 1, rgba8: 4 };

/** Elements of each format's typed array per pixel. */
const ELEMENTS_PER_PIXEL: Readonly<Record<PixelFormat, number>> = { u16: 1, f32: 1, u8: 1, rgba8: 4 };

const VIEW_CTOR = { u16: Uint16Array, f32: Float32Array, u8: Uint8Array, rgba8: Uint8Array } as const;

/**
 * The validity of a session's planes between two resets: `reset()` and `close()` end the lease, and
 * every plane allocated under it turns stale at once.
 */
export class PlaneLease {
  live = true;
  constructor(readonly memory: WebAssembly.Memory) {}
}

export class WasmPlane<F extends PixelFormat = PixelFormat> {
  readonly format: F;
  readonly width: number;
  readonly height: number;
  /** Byte offset in linear memory; for the session's kernels, not for callers. */
  readonly ptr: number;
  readonly #lease: PlaneLease;

  /** Made by {@link KernelSession}; callers never construct planes. */
  constructor(lease: PlaneLease, format: F, width: number, height: number, ptr: number) {
    this.#lease = lease;
    this.format = format;
    this.width = width;
    this.height = height;
    this.ptr = ptr;
  }

  /** Pixels (width × height). */
  get pixels(): number {
    return this.width * this.height;
  }

  /** Elements of the typed array (4 per pixel for rgba8). */
  get length(): number {
    return this.pixels * ELEMENTS_PER_PIXEL[this.format];
  }

  /** Whether the plane can still be read: its session has not been reset or closed since. */
  get live(): boolean {
    return this.#lease.live;
  }

  /** Whether this plane belongs to the instance whose memory is `memory`. */
  belongsTo(memory: WebAssembly.Memory): boolean {
    return this.#lease.memory === memory;
  }

  /**
   * A view straight onto linear memory, without copying. Valid **until the next allocation of any
   * session or call of any kernel on this instance** (one may grow memory and detach it): read or
   * fill it at once, never keep it. Take a fresh one after any other kernel call.
   * @throws KernelArgumentError when the plane's session was reset or closed
   */
  view(): PixelArrays[F] {
    this.#assertLive();
    const Ctor = VIEW_CTOR[this.format] as unknown as new (buffer: ArrayBuffer, offset: number, length: number) => PixelArrays[F];
    return new Ctor(this.#lease.memory.buffer, this.ptr, this.length);
  }

  /**
   * Copies the pixels out into `out` or a new array; the copy is the caller's to keep.
   * @throws KernelArgumentError when the plane is stale or `out` has the wrong type or length
   */
  toArray(out?: PixelArrays[F]): PixelArrays[F] {
    this.#assertLive();
    const Ctor = VIEW_CTOR[this.format];
    if (out !== undefined && (!(out instanceof Ctor) || out.length !== this.length)) {
      fail('out', `${Ctor.name} of length ${this.length}`, describe(out));
    }
    return copyOut(this.view(), out);
  }

  /** Copies an f32 plane out as a {@link Plane}. */
  toPlane(this: WasmPlane<'f32'>): Plane {
    return { data: this.toArray(), width: this.width, height: this.height };
  }

  #assertLive(): void {
    if (!this.#lease.live) {
      fail('plane', 'a live plane', described('a plane released by reset() or close()'));
    }
  }
}
