/**
 * The peers that offer the same operation: sharp/libvips (native) and OpenCV compiled to
 * WebAssembly (@techstark/opencv-js). Each runner includes copying the input in and the result out,
 * as the Kernels API does. sharp runs with concurrency 1 (one libvips thread), like one WASM
 * instance per worker thread; it works on the u16 scan (grey16) or 8-bit gray, not on f32.
 */
import sharp from 'sharp';
import cvModule from '@techstark/opencv-js';
import { gaussianRadius } from '../../kernels/gaussian.js';
import { areaOutputSize } from '../../kernels/area.js';
import { BLUR_SIGMA, CLAHE_CLIP, CLAHE_TILES, DOWNSAMPLE_FACTOR, FRACTIONAL_FACTOR } from './core.js';
import type { BenchInput } from './inputs.js';

export type Runner = () => unknown;

/* eslint-disable @typescript-eslint/no-explicit-any -- opencv.js ships no usable types */
type Cv = any;

/** Waits for the OpenCV runtime (its module object fills in when the WASM has compiled). */
export async function loadOpenCv(timeoutMs = 60_000): Promise<Cv> {
  const cv = cvModule as Cv;
  const start = Date.now();
  while (!cv.Mat) {
    if (Date.now() - start > timeoutMs) throw new Error('OpenCV.js did not initialise');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The Emscripten module is a thenable that resolves to itself: returning it from an async
  // function would make the promise adopt it forever and starve the event loop.
  delete cv.then;
  return cv;
}

/** sharp runners by kernel name. */
export function sharpRunners(input: BenchInput): Record<string, Runner> {
  sharp.concurrency(1);
  const { width, height } = input.size;
  const raw16 = { raw: { width, height, channels: 1 as const } };
  const u16 = () => sharp(input.rawHigh, raw16);
  const grey16 = (p: ReturnType<typeof sharp>) => p.toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
  return {
    downsampleArea: () => grey16(u16().resize(Math.ceil(width / DOWNSAMPLE_FACTOR), Math.ceil(height / DOWNSAMPLE_FACTOR), { kernel: 'linear' })),
    [`downsampleArea ×${FRACTIONAL_FACTOR}`]: () => grey16(u16().resize(
      areaOutputSize(width, FRACTIONAL_FACTOR), areaOutputSize(height, FRACTIONAL_FACTOR), { kernel: 'linear' },
    )),
    gaussianBlur: () => grey16(u16().blur({ sigma: BLUR_SIGMA, minAmplitude: 0.011 })),
    median3x3: () => grey16(u16().median(3)),
    windowTo8bit: () => u16().linear(-255 / 60000, 255).toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer(),
    clahe: () => sharp(input.gray, raw16)
      .clahe({ width: Math.floor(width / CLAHE_TILES), height: Math.floor(height / CLAHE_TILES), maxSlope: CLAHE_CLIP })
      .toColourspace('b-w').raw().toBuffer(),
  };
}

/** OpenCV.js runners by kernel name, plus a `dispose` that frees their Mats. */
export function openCvRunners(cv: Cv, input: BenchInput): { runners: Record<string, Runner>; dispose: () => void } {
  const { width: w, height: h } = input.size;
  const mats: Cv[] = [];
  const mat = (type: number, rows = h, cols = w) => {
    const m = new cv.Mat(rows, cols, type);
    mats.push(m);
    return m;
  };
  const u16 = mat(cv.CV_16U);
  const f1 = mat(cv.CV_32F);
  const f2 = mat(cv.CV_32F);
  const f3 = mat(cv.CV_32F);
  const g8 = mat(cv.CV_8U);
  const d8 = mat(cv.CV_8U);
  const ones = mat(cv.CV_32F);
  ones.setTo(new cv.Scalar(1));
  const small = mat(cv.CV_32F, Math.ceil(h / DOWNSAMPLE_FACTOR), Math.ceil(w / DOWNSAMPLE_FACTOR));
  const smaller = mat(cv.CV_32F, areaOutputSize(h, FRACTIONAL_FACTOR), areaOutputSize(w, FRACTIONAL_FACTOR));
  const hist = new cv.Mat();
  mats.push(hist);
  const clahe = new cv.CLAHE(CLAHE_CLIP, new cv.Size(CLAHE_TILES, CLAHE_TILES));
  const k = 2 * gaussianRadius(BLUR_SIGMA) + 1;
  const lnRange = Math.log(60000);

  const f32In = (data: Float32Array, m: Cv) => m.data32F.set(data);
  const f32Out = (m: Cv) => m.data32F.slice();

  const runners: Record<string, Runner> = {
    calibrate: () => {
      u16.data16U.set(input.rawHigh);
      u16.convertTo(f1, cv.CV_32F, 1, 0);
      cv.max(f1, ones, f1);
      cv.log(f1, f1);
      f1.convertTo(f1, cv.CV_32F, -1, lnRange);
      cv.threshold(f1, f1, 0, 0, cv.THRESH_TOZERO);
      return f32Out(f1);
    },
    dualRatio: () => {
      f32In(input.high, f1);
      f32In(input.low, f2);
      cv.divide(f2, f1, f3);
      cv.threshold(f1, f2, 0.1, 1, cv.THRESH_BINARY);
      cv.multiply(f3, f2, f3);
      return f32Out(f3);
    },
    windowTo8bit: () => {
      f32In(input.high, f1);
      f1.convertTo(d8, cv.CV_8U, -255 / 11, 255);
      return d8.data.slice();
    },
    downsampleArea: () => {
      f32In(input.high, f1);
      cv.resize(f1, small, small.size(), 0, 0, cv.INTER_AREA);
      return f32Out(small);
    },
    [`downsampleArea ×${FRACTIONAL_FACTOR}`]: () => {
      f32In(input.high, f1);
      cv.resize(f1, smaller, smaller.size(), 0, 0, cv.INTER_AREA);
      return f32Out(smaller);
    },
    gaussianBlur: () => {
      f32In(input.high, f1);
      cv.GaussianBlur(f1, f2, new cv.Size(k, k), BLUR_SIGMA, BLUR_SIGMA, cv.BORDER_REPLICATE);
      return f32Out(f2);
    },
    median3x3: () => {
      f32In(input.high, f1);
      cv.medianBlur(f1, f2, 3);
      return f32Out(f2);
    },
    sobelMagnitude: () => {
      f32In(input.high, f1);
      cv.Sobel(f1, f2, cv.CV_32F, 1, 0, 3, 1, 0, cv.BORDER_REPLICATE);
      cv.Sobel(f1, f3, cv.CV_32F, 0, 1, 3, 1, 0, cv.BORDER_REPLICATE);
      cv.magnitude(f2, f3, f1);
      return f32Out(f1);
    },
    histogram: () => {
      f32In(input.high, f1);
      const vec = new cv.MatVector();
      vec.push_back(f1);
      const none = new cv.Mat();
      cv.calcHist(vec, [0], none, hist, [4096], [0, 12]);
      vec.delete();
      none.delete();
      return hist.data32F.slice();
    },
    clahe: () => {
      g8.data.set(input.gray);
      clahe.apply(g8, d8);
      return d8.data.slice();
    },
  };
  return {
    runners,
    dispose: () => {
      for (const m of mats) m.delete();
      clahe.delete();
    },
  };
}
