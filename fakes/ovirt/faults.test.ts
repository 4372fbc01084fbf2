import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { client, vmByName } from './test-helpers';

let engine: OvirtEngine;
beforeAll(async () => {
  engine = await startOvirtEngine({ timeScale: 0.01 });
});
afterAll(() => engine.close());
afterEach(() => engine.faults.reset());

describe('fault injection', () => {
  it('failNext answers the next N API requests with 500 and an engine fault', async () => {
    const c = await client(engine);
    engine.faults.set({ failNext: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await c.get('/hosts');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ reason: 'Operation Failed', detail: '[Internal Engine Error]' });
    }
    expect((await c.get('/hosts')).status).toBe(200);
  });

  it('failRate 1 answers 503', async () => {
    const c = await client(engine);
    engine.faults.set({ failRate: 1 });
    expect((await c.get('/hosts')).status).toBe(503);
    engine.faults.reset();
    expect((await c.get('/hosts')).status).toBe(200);
  });

  it('dropNext destroys the socket without an answer', async () => {
    const c = await client(engine);
    engine.faults.set({ dropNext: 1 });
    await expect(c.get('/hosts')).rejects.toThrow();
    expect((await c.get('/hosts')).status).toBe(200);
  });

  it('latencyMs delays API answers', async () => {
    const c = await client(engine);
    engine.faults.set({ latencyMs: 150 });
    const t = Date.now();
    expect((await c.get('')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('failActionsNext: the next action answers 200, status failed, a nested fault, and changes nothing', async () => {
    const c = await client(engine);
    const down = await vmByName(c, 'build-win-01');
    engine.faults.set({ failActionsNext: 1 });
    // Reads are not actions: they pass and leave the budget alone.
    expect((await c.get(`/vms/${down.id}`)).status).toBe(200);
    const r = await c.post(`/vms/${down.id}/start`, { async: 'false' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ async: 'false', status: 'failed', fault: { reason: 'Operation Failed', detail: expect.stringMatching(/^\[VDSM command failed/) } });
    expect((await vmByName(c, 'build-win-01')).status).toBe('down');
    expect(engine.faults.get().failActionsNext).toBe(0);
  });

  it('faults do not touch SSO, so a test can always sign in', async () => {
    engine.faults.set({ failRate: 1 });
    const c = await client(engine);
    expect(c.token).toBeTruthy();
  });

  it('is controllable over HTTP on loopback, and counts API requests per route', async () => {
    const c = await client(engine);
    await fetch(`${engine.url}/__fake/stats/reset`, { method: 'POST' });
    const set = await fetch(`${engine.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ failNext: 1 }) });
    expect(await set.json()).toMatchObject({ failNext: 1 });
    expect((await c.get('/vms?max=1')).status).toBe(500);
    await fetch(`${engine.url}/__fake/faults`, { method: 'DELETE' });
    expect((await c.get('/vms?max=1')).status).toBe(200);
    await c.get(`/vms/${(await c.get('/vms?max=1')).body.vm[0].id}`);
    const stats = await (await fetch(`${engine.url}/__fake/stats`)).json();
    expect(stats).toEqual({ requests: 4, byRoute: { 'GET /vms': 3, 'GET /vms/{id}': 1 } });
    expect(engine.stats.requests()).toBe(4);
    const bad = await fetch(`${engine.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ failRate: 7 }) });
    expect(bad.status).toBe(400);
  });

  it('expireTokens works over HTTP too', async () => {
    const c = await client(engine);
    await fetch(`${engine.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ expireTokens: true }) });
    expect((await c.get('')).status).toBe(401);
  });

  it('control routes are off when the engine is not bound to loopback', async () => {
    const open = await startOvirtEngine({ host: '0.0.0.0', backgroundEvents: false });
    try {
      expect((await fetch(`${open.url}/__fake/stats`)).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});
