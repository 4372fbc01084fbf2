/**
 * Service health and hosted-engine cases of the shared Backend contract (issue 18), against a
 * live server: every backend that lists its services answers rows a page can show; Cinder's
 * volume services are disabled with a reason and enabled again; an oVirt hosted engine reports
 * global maintenance on every HA host and refuses it for any other VM in its own words.
 */
import { describe, expect, it } from 'vitest';
import { isBackendError, type Backend } from '@/lib/backends';

export interface HealthContractExpectations {
  /** listServiceHealth: a service (by name) the server must list. */
  serviceListed?: string;
  /** setServiceEnabled: the binary of a service the suite may disable and enable again (an up one is picked). */
  serviceSwitch?: { binary: string };
  /** setHostedEngineGlobalMaintenance: the estate runs a hosted engine; global maintenance may be switched on and off. */
  hostedEngineCycle?: boolean;
}

const STATES = ['up', 'down', 'unknown'];

export function runHealthContract(backend: () => Backend, expectations: () => HealthContractExpectations, poll: { timeoutMs: number; intervalMs: number }): void {
  describe('service health', () => {
    it('lists its services: unique keys, a known state, dates that are dates', async ({ skip }) => {
      const b = backend();
      if (!b.listServiceHealth) return skip();
      const rows = await b.listServiceHealth();
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      for (const r of rows) {
        expect(STATES).toContain(r.state);
        expect(r.name).toMatch(/\S/);
        if (r.lastReport) expect(Number.isNaN(r.lastReport.getTime())).toBe(false);
        if (r.state !== 'up' && r.role !== 'volume' && r.role !== 'scheduler' && r.role !== 'backup') expect(r.error ?? '').not.toBe('');
      }
      const wanted = expectations().serviceListed;
      if (wanted) expect(rows.map((r) => r.name)).toContain(wanted);
    });

    it('disables a service with a reason and enables it again; a blank reason is refused first', async ({ skip }) => {
      const b = backend();
      const sw = expectations().serviceSwitch;
      if (!sw || !b.setServiceEnabled || !b.listServiceHealth) return skip();
      const before = await b.listServiceHealth();
      const target = before.find((r) => r.name === sw.binary && r.switchable && r.enabled === true && r.state === 'up');
      expect(target, `no enabled, up ${sw.binary} to switch`).toBeDefined();
      const ref = { host: target!.host!, binary: target!.name };
      const blank = await b.setServiceEnabled(ref, false, '  ').then(() => undefined, (e: unknown) => e);
      expect(isBackendError(blank, 'invalid_input')).toBe(true);
      expect((await b.listServiceHealth()).find((r) => r.key === target!.key)?.enabled).toBe(true);
      const reason = `contract ${Date.now().toString(36)}`;
      await b.setServiceEnabled(ref, false, reason);
      try {
        const off = (await b.listServiceHealth()).find((r) => r.key === target!.key)!;
        expect(off.enabled).toBe(false);
        expect(off.disabledReason).toBe(reason);
      } finally {
        await b.setServiceEnabled(ref, true, undefined);
      }
      const on = (await b.listServiceHealth()).find((r) => r.key === target!.key)!;
      expect(on.enabled).toBe(true);
      expect(on.disabledReason).toBeUndefined();
    });

    it('an unknown service → not_found, nothing changed', async ({ skip }) => {
      const b = backend();
      const sw = expectations().serviceSwitch;
      if (!sw || !b.setServiceEnabled) return skip();
      const error = await b.setServiceEnabled({ host: 'no-such-host@nowhere', binary: sw.binary }, false, 'contract').then(() => undefined, (e: unknown) => e);
      expect(isBackendError(error, 'not_found'), String(error)).toBe(true);
    });
  });

  describe('hosted engine', () => {
    it('global maintenance on: every HA host reports it; off again; another VM is refused in the engine’s words', async ({ skip }) => {
      const b = backend();
      if (!expectations().hostedEngineCycle || !b.setHostedEngineGlobalMaintenance) return skip();
      const vms = (await b.listVms!({ page: 1, pageSize: 20, text: 'HostedEngine' })).items;
      const engineVm = vms.find((v) => v.hostedEngine);
      expect(engineVm, 'the engine VM is marked as such').toBeDefined();
      const haHosts = async () => (await b.listHosts!({ page: 1, pageSize: 500 })).items.filter((h) => h.hostedEngine);
      const before = await haHosts();
      expect(before.length).toBeGreaterThan(1);
      expect(before.every((h) => h.hostedEngine!.globalMaintenance === false)).toBe(true);
      // The engine refuses the action on any other VM, with a plain-text explanation.
      const other = (await b.listVms!({ page: 1, pageSize: 5 })).items.find((v) => !v.hostedEngine)!;
      const refused = await b.setHostedEngineGlobalMaintenance(other.id, true).then(() => undefined, (e: unknown) => e);
      expect(isBackendError(refused, 'invalid_input'), String(refused)).toBe(true);
      expect((refused as { detail?: string }).detail).toMatch(/hosted engine/i);
      await b.setHostedEngineGlobalMaintenance(engineVm!.id, true);
      try {
        const deadline = Date.now() + poll.timeoutMs;
        let on = await haHosts();
        while (!on.every((h) => h.hostedEngine!.globalMaintenance) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, poll.intervalMs));
          on = await haHosts();
        }
        expect(on.map((h) => [h.name, h.hostedEngine!.globalMaintenance])).toEqual(on.map((h) => [h.name, true]));
      } finally {
        await b.setHostedEngineGlobalMaintenance(engineVm!.id, false);
      }
      expect((await haHosts()).every((h) => h.hostedEngine!.globalMaintenance === false)).toBe(true);
    });
  });
}
