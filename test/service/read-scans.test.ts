import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestConfig } from '../support/test-config.js';
import { startService, type ServiceHarness } from '../support/service-harness.js';
import { make16BitImage, makeManifest, pushScan, scanForm } from '../support/scan-upload.js';
import type { Lane } from '../../core/store/schema.js';

let h: ServiceHarness;

async function get(path: string, token: string) {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

async function seedScored(scanId: string, score: number, lane: Lane) {
  const high = await make16BitImage(16, 8, 'png', score + 100);
  expect((await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest(scanId), high }))).status).toBe(202);
  await h.runtime.scans.saveResult(scanId, {
    risk: { score, lane, reasons: ['test'], findings: [] },
    heatmapSha256: null,
    model: { name: 'm', version: '1' },
    timings: { modelMs: 1 },
    failureReason: null,
  });
}

beforeAll(async () => {
  h = await startService(makeTestConfig());
  await seedScored('low-risk', 10, 'green');
  await seedScored('high-risk', 99.5, 'red');
  await seedScored('mid-risk', 96, 'yellow');
  const high = await make16BitImage(16, 8, 'png', 7);
  await pushScan(h.url, h.tokens.station, scanForm({ manifest: makeManifest('unscored'), high }));
});
afterAll(async () => h.close());

describe('reading scans', () => {
  it('when an inspector reads a scored scan then it gets risk, model and timings', async () => {
    const { status, body } = await get('/api/v1/scans/high-risk', h.tokens.inspector);
    expect(status).toBe(200);
    expect(body).toMatchObject({ scanId: 'high-risk', status: 'scored', risk: { score: 99.5, lane: 'red' }, model: { name: 'm', version: '1' } });
    expect(body.timings).toMatchObject({ modelMs: 1, ingestMs: expect.any(Number) });
  });

  it('when listing then scans come highest risk first and pages follow the cursor', async () => {
    const first = await get('/api/v1/scans?limit=2', h.tokens.inspector);
    expect(first.body.items.map((s: any) => s.scanId)).toEqual(['high-risk', 'mid-risk']);
    const second = await get(`/api/v1/scans?limit=2&cursor=${first.body.nextCursor}`, h.tokens.inspector);
    expect(second.body.items.map((s: any) => s.scanId)).toEqual(['low-risk', 'unscored']);
  });

  it('when filtering by lane or status then only matching scans come back', async () => {
    expect((await get('/api/v1/scans?lane=red', h.tokens.inspector)).body.items.map((s: any) => s.scanId)).toEqual(['high-risk']);
    expect((await get('/api/v1/scans?status=queued', h.tokens.engineer)).body.items.map((s: any) => s.scanId)).toEqual(['unscored']);
    const bad = await get('/api/v1/scans?lane=purple', h.tokens.inspector);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('query.lane');
  });

  it('when coverage is read then received equals the sum of queued, processing and scored', async () => {
    const { body } = await get('/api/v1/coverage', h.tokens.inspector);
    expect(body).toMatchObject({ received: 4, queued: 1, processing: 0, scored: 3 });
  });

  it('when a station tries to read results then it is forbidden', async () => {
    expect((await get('/api/v1/scans/high-risk', h.tokens.station)).status).toBe(403);
    expect((await get('/api/v1/coverage', h.tokens.station)).status).toBe(403);
  });

  it('when a scan does not exist then it answers 404 as JSON', async () => {
    const { status, body } = await get('/api/v1/scans/nope', h.tokens.inspector);
    expect(status).toBe(404);
    expect(body.code).toBe('SCANGATE_ERR_NOT_FOUND');
  });
});

describe('decisions and audit', () => {
  async function decide(scanId: string, token: string, body: unknown) {
    return fetch(`${h.url}/api/v1/scans/${scanId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('when an inspector decides on a scored scan then the decision and its audit entry are stored', async () => {
    const res = await decide('high-risk', h.tokens.inspector, { decision: 'physical_inspection', note: 'dense block at rear' });
    expect(res.status).toBe(201);
    const scan = await get('/api/v1/scans/high-risk', h.tokens.inspector);
    expect(scan.body.decisions).toEqual([expect.objectContaining({ decision: 'physical_inspection', inspector: 'inspector:test-inspector' })]);
    const audit = await get('/api/v1/scans/high-risk/audit', h.tokens.inspector);
    expect(audit.body.items.map((a: any) => a.action)).toEqual(['scan.ingested', 'scan.decided']);
  });

  it('when the decision is unknown or the scan unscored then it is refused with a clear error', async () => {
    const bad = await decide('high-risk', h.tokens.inspector, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).field).toBe('body.decision');
    expect((await decide('unscored', h.tokens.inspector, { decision: 'release' })).status).toBe(409);
  });

  it('when an engineer tries to decide then it is forbidden', async () => {
    expect((await decide('high-risk', h.tokens.engineer, { decision: 'release' })).status).toBe(403);
  });
});

describe('token administration', () => {
  it('when an admin issues a token then it works once and stops working after revocation', async () => {
    const res = await fetch(`${h.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mong-cai-1', role: 'inspector' }),
    });
    expect(res.status).toBe(201);
    const issued = (await res.json()) as { id: number; token: string };
    expect((await get('/api/v1/coverage', issued.token)).status).toBe(200);
    const stored = await h.runtime.db.selectFrom('tokens').select('token_sha256').where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(stored.token_sha256).not.toContain(issued.token);
    await fetch(`${h.url}/api/v1/tokens/${issued.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${h.tokens.admin}` } });
    expect((await get('/api/v1/coverage', issued.token)).status).toBe(401);
  });

  it('when a non-admin issues a token then it is forbidden', async () => {
    const res = await fetch(`${h.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.inspector}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', role: 'admin' }),
    });
    expect(res.status).toBe(403);
  });
});
