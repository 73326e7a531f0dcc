/** A generated scan as a station would push it: encoded 16-bit PNGs plus its manifest. */
import { encodeScanImage, generateScan } from '../../fixtures/generator/index.js';
import type { GenerateOptions } from '../../fixtures/generator/types.js';
import { scanForm } from './scan-upload.js';

export async function generatedUpload(options: GenerateOptions, scanId: string): Promise<FormData> {
  const scan = generateScan(options);
  const high = await encodeScanImage(scan.high, scan.width, scan.height, 'png');
  const low = scan.low ? await encodeScanImage(scan.low, scan.width, scan.height, 'png') : undefined;
  return scanForm({ manifest: { ...scan.manifest, scanId }, high, low });
}

/** Polls the API until the scan is scored or `timeoutMs` passes. */
export async function waitForScore(url: string, token: string, scanId: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as any;
    if (body.status === 'scored') return body;
    if (Date.now() > deadline) throw new Error(`scan ${scanId} not scored within ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
