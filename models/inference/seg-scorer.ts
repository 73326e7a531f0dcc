/**
 * Runs the fully convolutional `conv-seg` network over a scan. The network maps an H × W × 3 input
 * to an (H / cell) × (W / cell) map of anomaly log-odds; the wasm backend wants fixed shapes, so the
 * container (plus a margin of context) is cut into windows of the few sizes warmed up at load time.
 * Windows overlap by two margins and each cell keeps the value of the window in which it lies
 * farthest from an edge, so zero padding at window borders never decides a cell.
 */
import * as tf from '@tensorflow/tfjs';
import type { Region } from './cargo-region.js';
import type { TileGrid } from './tile-features.js';

export interface SegGeometry {
  /** Model pixels per output cell along each axis (the network's total stride). */
  cell: number;
  /** Model pixels of context around the scored area (about half the receptive field), a multiple of `cell`. */
  margin: number;
  /** Window shapes [height, width] in model pixels, multiples of `cell`, smallest first. */
  windows: readonly (readonly [number, number])[];
}

export interface SegScores {
  /** Cells of `cell` × `cell` model pixels, stride `cell`, covering the image. */
  grid: TileGrid;
  /** Log-odds per cell, row-major; cells outside the scored area hold `outside`. */
  raw: Float32Array;
}

/** The cell grid of an image: tile size = stride = cell. */
export function cellGrid(width: number, height: number, cell: number): TileGrid {
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  return {
    tileSize: cell,
    stride: cell,
    cols,
    rows,
    xs: Int32Array.from({ length: cols }, (_, c) => c * cell),
    ys: Int32Array.from({ length: rows }, (_, r) => r * cell),
  };
}

/**
 * @param channels the scan's input planes (`segChannels`), width × height × channels.
 * @param region the container; the whole image when undefined.
 * @param outside the value of cells that are not scored.
 */
export async function scoreSegCells(
  network: tf.LayersModel,
  channels: Float32Array,
  width: number,
  height: number,
  region: Region | undefined,
  geometry: SegGeometry,
  outside: number,
): Promise<SegScores> {
  const { cell, margin } = geometry;
  const grid = cellGrid(width, height, cell);
  const raw = new Float32Array(grid.cols * grid.rows).fill(outside);
  const depth = new Float32Array(raw.length).fill(-1);
  const area = region ?? { x0: 0, y0: 0, x1: width, y1: height };
  // Scored cells: those whose pixels meet the area; windows start `margin` before, on the cell grid.
  const c0 = Math.floor(area.x0 / cell);
  const c1 = Math.ceil(area.x1 / cell);
  const r0 = Math.floor(area.y0 / cell);
  const r1 = Math.ceil(area.y1 / cell);
  const span: [number, number] = [(r1 - r0) * cell + 2 * margin, (c1 - c0) * cell + 2 * margin];
  const [wh, ww] = geometry.windows.find(([h, w]) => h >= span[0] && w >= span[1]) ?? geometry.windows[geometry.windows.length - 1];
  const stepY = wh - 2 * margin;
  const stepX = ww - 2 * margin;
  for (let oy = r0 * cell - margin; ; oy += stepY) {
    for (let ox = c0 * cell - margin; ; ox += stepX) {
      const logits = await predictWindow(network, channels, width, height, ox, oy, wh, ww);
      const rows = wh / cell;
      const cols = ww / cell;
      for (let i = 0; i < rows; i++) {
        const r = oy / cell + i;
        if (r < r0 || r >= r1) continue;
        for (let j = 0; j < cols; j++) {
          const c = ox / cell + j;
          if (c < c0 || c >= c1) continue;
          const d = Math.min(i, j, rows - 1 - i, cols - 1 - j);
          const t = r * grid.cols + c;
          if (d > depth[t]) {
            depth[t] = d;
            raw[t] = logits[i * cols + j];
          }
        }
      }
      if (ox + ww - margin >= c1 * cell) break;
    }
    if (oy + wh - margin >= r1 * cell) break;
  }
  return { grid, raw };
}

/** One window at (ox, oy), zero outside the image. */
async function predictWindow(network: tf.LayersModel, channels: Float32Array, width: number, height: number, ox: number, oy: number, wh: number, ww: number): Promise<Float32Array> {
  const depth = channels.length / (width * height);
  const input = new Float32Array(wh * ww * depth);
  const xa = Math.max(0, ox);
  const xb = Math.min(width, ox + ww);
  for (let y = Math.max(0, oy); y < Math.min(height, oy + wh); y++) {
    if (xb <= xa) break;
    input.set(channels.subarray((y * width + xa) * depth, (y * width + xb) * depth), ((y - oy) * ww + xa - ox) * depth);
  }
  const x = tf.tensor4d(input, [1, wh, ww, depth]);
  const y = network.predict(x) as tf.Tensor;
  const data = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return data;
}
