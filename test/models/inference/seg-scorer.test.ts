import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../models/backend.js';
import { cellGrid, scoreSegCells } from '../../../models/inference/seg-scorer.js';

const CELL = 4;
/** Any plane count works: the scorer reads it from the planes' length. */
const SEG_CHANNELS = 5;

/**
 * A network whose output is known: a 4 × 4 / 4 convolution averaging channel 0 over each cell, so
 * any cell the windowing misplaces, drops or takes from the zero padding shows up as a wrong value.
 */
function cellMeanNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [null, null, SEG_CHANNELS] as unknown as number[] });
  const kernel = tf.buffer([CELL, CELL, SEG_CHANNELS, 1]);
  for (let y = 0; y < CELL; y++) for (let x = 0; x < CELL; x++) kernel.set(1 / (CELL * CELL), y, x, 0, 0);
  const conv = tf.layers.conv2d({ filters: 1, kernelSize: CELL, strides: CELL, padding: 'valid', useBias: false, weights: [kernel.toTensor()] });
  return tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
}

function ramp(width: number, height: number): Float32Array {
  const channels = new Float32Array(width * height * SEG_CHANNELS);
  for (let i = 0; i < width * height; i++) channels[i * SEG_CHANNELS] = 1 + (i % width) * 0.01 + Math.floor(i / width);
  return channels;
}

function expectedCell(channels: Float32Array, width: number, c: number, r: number): number {
  let sum = 0;
  for (let y = r * CELL; y < (r + 1) * CELL; y++) for (let x = c * CELL; x < (c + 1) * CELL; x++) sum += channels[(y * width + x) * SEG_CHANNELS];
  return sum / (CELL * CELL);
}

describe('seg scorer windows', () => {
  let network: tf.LayersModel;
  beforeAll(async () => {
    await selectBackend({ preferred: 'wasm' });
    network = cellMeanNetwork();
  });

  it('when the area needs several windows then every scored cell equals its own cell mean', async () => {
    const width = 200;
    const height = 96;
    const channels = ramp(width, height);
    const region = { x0: 10, y0: 6, x1: 190, y1: 90 };

    const { grid, raw } = await scoreSegCells(network, channels, width, height, region, { cell: CELL, margin: 8, windows: [[32, 48]] }, -99);

    expect(grid.cols).toBe(50);
    expect(grid.rows).toBe(24);
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const scored = (c + 1) * CELL > region.x0 && c * CELL < region.x1 && (r + 1) * CELL > region.y0 && r * CELL < region.y1;
        const value = raw[r * grid.cols + c];
        if (scored) expect(value, `cell ${c},${r}`).toBeCloseTo(expectedCell(channels, width, c, r), 4);
        else expect(value).toBe(-99);
      }
    }
  });

  it('when one window fits the area then the smallest fitting shape is used and the result is the same', async () => {
    const width = 120;
    const height = 60;
    const channels = ramp(width, height);
    const geometry = { cell: CELL, margin: 8, windows: [[40, 40], [80, 160]] as [number, number][] };

    const { raw } = await scoreSegCells(network, channels, width, height, undefined, geometry, -99);

    const grid = cellGrid(width, height, CELL);
    for (let t = 0; t < raw.length; t++) expect(raw[t]).toBeCloseTo(expectedCell(channels, width, t % grid.cols, Math.floor(t / grid.cols)), 4);
  });
});
