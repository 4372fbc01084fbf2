/**
 * Issue 18 against the real Keystone + Cinder of scripts/real/cinder.sh: the Cinder adapter lists
 * the real services (os-services as Cinder's administrator: scheduler and every volume service,
 * up, with their zone and last report), Keystone's version, and disables the rig's spare volume
 * service (no volume type schedules to it, so the other suites keep their backends) with a
 * reason, which Cinder records and lists, then enables it again. A member is refused the list in
 * Cinder's words.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { realEnv } from './env';

const env = realEnv('cinder services', ['KEYSTONE_URL', 'CINDER_ADMIN_USER', 'CINDER_ADMIN_PASSWORD', 'CINDER_ADMIN_PROJECT', 'CINDER_USER', 'CINDER_PASSWORD', 'CINDER_PROJECT'] as const);

const SPARE = { host: 'ci@spare', binary: 'cinder-volume' };
const KEY = 'cinder-volume@ci@spare';

const opened: Backend[] = [];
afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
});

function backend(user: string, password: string, project: string): Backend {
  const b = createBackend({ id: `cinder-services-${user}`, kind: 'cinder', name: 'Real Cinder', url: `${env!.KEYSTONE_URL}?project=${project}`, username: user, password });
  opened.push(b);
  return b;
}

describe.skipIf(!env)('real Cinder: service health', () => {
  const admin = () => backend(env!.CINDER_ADMIN_USER, env!.CINDER_ADMIN_PASSWORD, env!.CINDER_ADMIN_PROJECT);

  it('lists the scheduler and every volume service as Cinder reports them, and Keystone with its version', async () => {
    const rows = await admin().listServiceHealth!();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('cinder-api')).toMatchObject({ state: 'up' });
    expect(byKey.get('cinder-scheduler@ci')).toMatchObject({ state: 'up', enabled: true, zone: 'nova' });
    for (const key of ['cinder-volume@ci@fake', KEY]) {
      const row = byKey.get(key);
      expect(row, key).toMatchObject({ state: 'up', enabled: true, switchable: true });
      // report_interval is 5 s on the rig: the last report is recent.
      expect(Date.now() - row!.lastReport!.getTime()).toBeLessThan(120_000);
    }
    expect(byKey.get('keystone')).toMatchObject({ state: 'up' });
    expect(byKey.get('keystone')!.version).toMatch(/^v3/);
  });

  it('disables the spare volume service with a reason, Cinder lists it disabled with that reason; enabled again', async () => {
    const b = admin();
    const reason = `virtdash real test ${Date.now().toString(36)}`;
    await b.setServiceEnabled!(SPARE, false, reason);
    try {
      const off = (await b.listServiceHealth!()).find((r) => r.key === KEY)!;
      expect(off).toMatchObject({ enabled: false, disabledReason: reason });
    } finally {
      await b.setServiceEnabled!(SPARE, true, undefined);
    }
    const on = (await b.listServiceHealth!()).find((r) => r.key === KEY)!;
    expect(on.enabled).toBe(true);
  });

  it('a service Cinder does not know is refused in its words, nothing changed', async () => {
    const error = await admin().setServiceEnabled!({ host: 'ci@no-such-backend', binary: 'cinder-volume' }, false, 'x').then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found' });
    expect((await admin().listServiceHealth!()).filter((r) => r.enabled === false)).toEqual([]);
  });

  it('a project member is refused the service list (Cinder policy), and still sees Keystone', async () => {
    const rows = await backend(env!.CINDER_USER, env!.CINDER_PASSWORD, env!.CINDER_PROJECT).listServiceHealth!();
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['cinder-api', 'keystone']));
    expect(rows.some((r) => r.name === 'cinder-volume')).toBe(false);
    expect(rows.find((r) => r.key === 'cinder-api')!.error).toMatch(/polic|not allowed|forbidden/i);
  });
});
