/** Builds real multipart scan uploads: small 16-bit images encoded by sharp, manifests per the contract. */
import sharp from 'sharp';
import { makeContainerId } from '../../core/container-id.js';
import type { ScanManifestInput } from '../../core/scan-manifest.js';

export function makeManifest(scanId: string, overrides: Partial<ScanManifestInput> = {}): ScanManifestInput {
  return {
    scanId,
    containerId: makeContainerId('TST', 100_001),
    stationId: 'huu-nghi-1',
    scannedAt: '2026-11-27T08:00:00+07:00',
    declaration: { declarationId: `D-${scanId}`, hsCodes: ['080390'], description: 'Fresh bananas', grossWeightKg: 18_000, category: 'produce' },
    ...overrides,
  };
}

/** A 16-bit grayscale image with a gradient, so different seeds give different bytes. */
export async function make16BitImage(width: number, height: number, format: 'png' | 'tiff' = 'png', seed = 1): Promise<Buffer> {
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + seed * 1009) % 60000;
  const img = sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('grey16');
  return format === 'png' ? img.png().toBuffer() : img.tiff({ compression: 'lzw' }).toBuffer();
}

export interface UploadParts {
  manifest?: unknown;
  high?: Buffer;
  low?: Buffer;
  highType?: string;
}

export function scanForm(parts: UploadParts): FormData {
  const form = new FormData();
  if (parts.manifest !== undefined) {
    const text = typeof parts.manifest === 'string' ? parts.manifest : JSON.stringify(parts.manifest);
    form.append('manifest', new Blob([text], { type: 'application/json' }), 'manifest.json');
  }
  if (parts.high) form.append('high', new Blob([new Uint8Array(parts.high)], { type: parts.highType ?? 'image/png' }), 'high.png');
  if (parts.low) form.append('low', new Blob([new Uint8Array(parts.low)], { type: 'image/png' }), 'low.png');
  return form;
}

export async function pushScan(url: string, token: string | null, body: FormData | string, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (contentType) headers['content-type'] = contentType;
  return fetch(`${url}/api/v1/scans`, { method: 'POST', headers, body });
}
