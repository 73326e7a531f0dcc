import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestConfig } from '../support/test-config.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { make16BitImage, makeManifest, pushScan, scanForm } from '../support/scan-upload.js';
import sharp from 'sharp';

let h: ServiceHarness;
let high: Buffer;
let low: Buffer;

beforeAll(async () => {
  h = await startService(makeTestConfig({ MAX_IMAGE_BYTES: '200000', MAX_IMAGE_WIDTH: '512', MAX_IMAGE_HEIGHT: '256' }));
  high = await make16BitImage(64, 32, 'png', 1);
  low = await make16BitImage(64, 32, 'png', 2);
});
afterAll(async () => h.close());

async function expectError(res: Response, status: number, code: string, field?: string) {
  const body = (await res.json()) as { error: string; code: string; message: string; field?: string; stack?: unknown };
  expect(res.status).toBe(status);
  expect(body.code).toBe(code);
  expect(body.message).toEqual(expect.any(String));
  expect(body.stack).toBeUndefined();
  if (field) expect(body.field).toBe(field);
  return body;
}

describe('POST /api/v1/scans', () => {
  it('when a station pushes a valid dual-energy scan then it answers 202 and queues exactly one job', async () => {
    const res = await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('accept-1'), high, low }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ scanId: 'accept-1', status: 'queued' });
    const job = await h.queue.getJob('accept-1');
    expect(job?.data).toMatchObject({ scanId: 'accept-1', highSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(job?.opts.priority).toBe(1);
    expect(JSON.stringify(job?.data)).not.toContain('PNG');
  });

  it('when the identical upload arrives again then it answers 200 with the current state and adds no job', async () => {
    const manifest = makeManifest('repush-1');
    expect((await pushScan(h.url, h.tokens.station, scanForm({ manifest, high, low }))).status).toBe(202);
    const before = await h.queue.getJobCounts();
    const again = await pushScan(h.url, h.tokens.station, scanForm({ manifest, high, low }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ scanId: 'repush-1', status: 'queued' });
    expect(await h.queue.getJobCounts()).toEqual(before);
  });

  it('when the same scanId arrives with different content then it answers 409', async () => {
    expect((await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('conflict-1'), high }))).status).toBe(202);
    const other = await make16BitImage(64, 32, 'png', 9);
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('conflict-1'), high: other })), 409, 'SCANGATE_ERR_SCAN_CONFLICT');
  });

  it('when the manifest has an invalid container check digit then it answers 400 naming the field', async () => {
    const manifest = makeManifest('bad-cid', { containerId: 'TSTU1000014' });
    const body = await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest, high })), 400, 'SCANGATE_ERR_INPUT_INVALID', 'manifest.containerId');
    expect(body.message).toContain('ISO 6346');
    expect(await h.runtime.scans.get('bad-cid')).toBeUndefined();
  });

  it('when a nested declaration field is wrong then the 400 names its path', async () => {
    const manifest = makeManifest('bad-hs', {});
    (manifest.declaration as { hsCodes: string[] }).hsCodes = ['bananas'];
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest, high })), 400, 'SCANGATE_ERR_INPUT_INVALID', 'manifest.declaration.hsCodes.0');
  });

  it('when the manifest is not JSON or is missing then it answers 400', async () => {
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: '{oops', high })), 400, 'SCANGATE_ERR_INPUT_INVALID', 'manifest');
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ high })), 400, 'SCANGATE_ERR_INPUT_INVALID', 'manifest');
  });

  it('when the high image is missing then it answers 400 naming it', async () => {
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('no-high') })), 400, 'SCANGATE_ERR_INPUT_INVALID', 'high');
  });

  it('when the image is not decodable then it answers 422 and stores nothing', async () => {
    const res = await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('garbage'), high: Buffer.from('not an image at all') }));
    await expectError(res, 422, 'SCANGATE_ERR_IMAGE_REJECTED', 'high');
    expect(await h.runtime.scans.get('garbage')).toBeUndefined();
  });

  it('when the image is 8-bit then it answers 422', async () => {
    const eight = await sharp(new Uint8Array(256).fill(128), { raw: { width: 16, height: 16, channels: 1 } }).png().toBuffer();
    const body = await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('eight'), high: eight })), 422, 'SCANGATE_ERR_IMAGE_REJECTED', 'high');
    expect(body.message).toContain('16-bit');
  });

  it('when the low image size differs from high then it answers 422', async () => {
    const small = await make16BitImage(32, 32);
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('mismatch'), high, low: small })), 422, 'SCANGATE_ERR_IMAGE_REJECTED', 'low');
  });

  it('when a 16-bit TIFF is pushed then it is accepted like a PNG', async () => {
    const tiff = await make16BitImage(64, 32, 'tiff', 4);
    expect((await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('tiff-1'), high: tiff, highType: 'image/tiff' }))).status).toBe(202);
  });

  it('when an image exceeds the byte limit then it answers 413', async () => {
    const big = Buffer.alloc(300_000, 7);
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('big'), high: big })), 413, 'SCANGATE_ERR_INPUT_TOO_LARGE', 'high');
  });

  it('when an image exceeds the pixel limit then it answers 413', async () => {
    const wide = await make16BitImage(600, 8);
    await expectError(await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('wide'), high: wide })), 413, 'SCANGATE_ERR_INPUT_TOO_LARGE', 'high');
  });

  it('when the body is JSON instead of multipart then it answers 415', async () => {
    await expectError(await pushScan(h.url, h.tokens.station, JSON.stringify(makeManifest('json')), 'application/json'), 415, 'SCANGATE_ERR_INPUT_MEDIA_TYPE');
  });

  it('when no token or an unknown token is sent then it answers 401', async () => {
    await expectError(await pushScan(h.url, null, scanForm({ manifest: makeManifest('anon'), high })), 401, 'SCANGATE_ERR_AUTH_MISSING');
    await expectError(await pushScan(h.url, 'sg_station_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', scanForm({ manifest: makeManifest('anon'), high })), 401, 'SCANGATE_ERR_AUTH_MISSING');
  });

  it('when an inspector token pushes a scan then it answers 403', async () => {
    await expectError(await pushScan(h.url, h.tokens.inspector, scanForm({ manifest: makeManifest('insp'), high })), 403, 'SCANGATE_ERR_AUTH_FORBIDDEN');
  });
});
