/**
 * The inspector's overlay: the attenuation image windowed to 8-bit gray (air white, dense dark, as
 * operators read X-ray images) with the anomaly heatmap blended on top, encoded as PNG.
 */
import sharp from 'sharp';
import type { Kernels, Plane } from '../kernels/index.js';

const OVERLAY_ALPHA = 0.55;
/** Attenuation shown black; ≈ 200 mm of steel at 6 MeV, denser regions saturate. */
const WINDOW_MAX_ATTENUATION = 5;

export async function renderHeatmapOverlay(kernels: Kernels, attenuation: Plane, heatmap: Plane): Promise<Buffer> {
  const gray = kernels.windowTo8bit(attenuation.data, WINDOW_MAX_ATTENUATION, 0);
  const rgba = kernels.heatmapOverlay(gray, heatmap.data, OVERLAY_ALPHA);
  return sharp(rgba, { raw: { width: attenuation.width, height: attenuation.height, channels: 4 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}
