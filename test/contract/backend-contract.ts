/**
 * The ONE behaviour suite every Backend must pass (the unjs/unstorage
 * `testDriver` idea). It knows nothing of a particular backend: it reads the
 * declared capabilities and checks what each promises, against a live server
 * (a wire-level fake or a real one), never a mock.
 *
 *   runBackendContract('oVirt demo engine', async () => ({ backend, teardown, expectations }))
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseQualifiedId,
  qualifyId,
  type Entity,
  type ListQuery,
  type Page,
  type QualifiedId,
  type Vm,
  type VmStatus,
  type Volume,
} from '@/lib/domain';
import {
  CAPABILITY_METHODS,
  hasCapability,
  isBackendError,
  type Backend,
  type BackendErrorCode,
  type BackendWith,
  type Capabilities,
  type Capability,
} from '@/lib/backends';
import { runNetworkContract, type NetworkContractExpectations } from './network-contract';

export interface ContractExpectations extends NetworkContractExpectations {
  /** A native id that names nothing on this backend, in a format it accepts. */
  missingNativeId: string;
  /** The capabilities this backend must declare (the suite also checks methods match flags). */
  capabilities?: Partial<Capabilities>;
  /** Whether about() must report an admin identity. */
  isAdmin?: boolean;
  /**
   * The name of a VM the suite may start and stop (it ends stopped, as found
   * if it was stopped). Omit to skip the power cycle (read-only backends, real engines).
   */
  powerCycleVm?: string;
  /** How long a power state change may take. Default 20 s. */
  powerTimeoutMs?: number;
  /** Default 100 ms. */
  pollIntervalMs?: number;
  /**
   * volumeManagement: run the create → extend → snapshot → delete cycle and the
   * quota refusal (the backend's project must have room for a 1 GiB volume).
   * Omit to skip (read-only identities).
   */
  volumeCycle?: { volumeType?: string; timeoutMs?: number };
}

export interface ContractSubject {
  backend: Backend;
  teardown(): Promise<void>;
  expectations: ContractExpectations;
}

type Getter = (backend: Backend, id: QualifiedId) => Promise<Entity>;
type Lister = (backend: Backend, query: ListQuery) => Promise<Page<Entity>>;

/** The list/get pairs the suite exercises, per capability. */
const COLLECTIONS: Array<{ capability: Capability; what: string; list: Lister; get?: Getter }> = [
  { capability: 'dataCenters', what: 'data centers', list: (b, q) => b.listDataCenters!(q), get: (b, id) => b.getDataCenter!(id) },
  { capability: 'clusters', what: 'clusters', list: (b, q) => b.listClusters!(q), get: (b, id) => b.getCluster!(id) },
  { capability: 'hosts', what: 'hosts', list: (b, q) => b.listHosts!(q), get: (b, id) => b.getHost!(id) },
  { capability: 'storageDomains', what: 'storage domains', list: (b, q) => b.listStorageDomains!(q), get: (b, id) => b.getStorageDomain!(id) },
  { capability: 'vms', what: 'VMs', list: (b, q) => b.listVms!(q), get: (b, id) => b.getVm!(id) },
  { capability: 'disks', what: 'disks', list: (b, q) => b.listDisks!(q), get: (b, id) => b.getDisk!(id) },
  { capability: 'templates', what: 'templates', list: (b, q) => b.listTemplates!(q), get: (b, id) => b.getTemplate!(id) },
  { capability: 'networks', what: 'networks', list: (b, q) => b.listNetworks!(q), get: (b, id) => b.getNetwork!(id) },
  { capability: 'volumes', what: 'volumes', list: (b, q) => b.listVolumes!(q), get: (b, id) => b.getVolume!(id) },
  { capability: 'tasks', what: 'tasks', list: (b, q) => b.listTasks!(q), get: (b, id) => b.getTask!(id) },
];

export async function expectBackendError(promise: Promise<unknown>, code: BackendErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a BackendError "${code}", but the call succeeded`).toBeDefined();
  expect(isBackendError(error), `expected a BackendError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

function expectQualified(backend: Backend, item: Entity): void {
  expect(item.connectionId).toBe(backend.id);
  expect(parseQualifiedId(item.id)).toEqual({ connectionId: backend.id, nativeId: item.nativeId });
  expect(typeof item.name).toBe('string');
}

export async function waitForVmStatus(
  backend: Backend,
  id: QualifiedId,
  wanted: VmStatus,
  timeoutMs: number,
  intervalMs: number,
): Promise<Vm> {
  const deadline = Date.now() + timeoutMs;
  let last: Vm | undefined;
  while (Date.now() < deadline) {
    last = await backend.getVm!(id);
    if (last.status === wanted) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`VM ${id} did not become ${wanted} within ${timeoutMs} ms (last: ${last?.status}/${last?.nativeStatus})`);
}

export function runBackendContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`Backend contract: ${name}`, () => {
    let subject: ContractSubject;
    const backend = () => subject.backend;
    const expectations = () => subject.expectations;

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    describe('capabilities', () => {
      it('declares the expected capabilities', () => {
        expect(backend().capabilities).toMatchObject(expectations().capabilities ?? {});
      });

      it('has exactly the methods its capabilities promise', () => {
        for (const [capability, methods] of Object.entries(CAPABILITY_METHODS)) {
          const declared = backend().capabilities[capability as Capability];
          for (const method of methods) {
            expect(typeof backend()[method] === 'function', `${capability} → ${method}`).toBe(declared);
          }
        }
      });
    });

    describe('about', () => {
      it('names the product, version and identity', async () => {
        const about = await backend().about();
        expect(about.kind).toBe(backend().kind);
        expect(about.product).toMatch(/\S/);
        expect(about.version).toMatch(/\S/);
        expect(typeof about.identity.username).toBe('string');
        if (expectations().isAdmin !== undefined) expect(about.isAdmin).toBe(expectations().isAdmin);
      });
    });

    describe('cancellation and input', () => {
      it('an already aborted signal → cancelled', async () => {
        const controller = new AbortController();
        controller.abort();
        await expectBackendError(backend().about({ signal: controller.signal }), 'cancelled');
      });

      it('aborting while the request runs → cancelled', async () => {
        const controller = new AbortController();
        const call = backend().about({ signal: controller.signal });
        controller.abort();
        await expectBackendError(call, 'cancelled');
      });

      it('a page below 1 → invalid_input', async () => {
        const collection = COLLECTIONS.find((c) => backend().capabilities[c.capability]);
        if (!collection) return;
        await expectBackendError(collection.list(backend(), { page: 0, pageSize: 10 }), 'invalid_input');
      });
    });

    for (const collection of COLLECTIONS) {
      describe(collection.what, () => {
        const skip = () => !backend().capabilities[collection.capability];

        it('lists a first page of qualified objects', async ({ skip: skipTest }) => {
          if (skip()) return skipTest();
          const page = await collection.list(backend(), { page: 1, pageSize: 20 });
          expect(page.page).toBe(1);
          expect(page.pageSize).toBe(20);
          expect(page.items.length).toBeLessThanOrEqual(20);
          expect(typeof page.hasMore).toBe('boolean');
          for (const item of page.items) expectQualified(backend(), item);
        });

        it('pages do not overlap and follow on from each other', async ({ skip: skipTest }) => {
          if (skip()) return skipTest();
          const pageSize = 2;
          const seen = new Set<string>();
          let page = await collection.list(backend(), { page: 1, pageSize });
          // Walk a few pages: enough to cross the page-1/page-2 boundary where off-by-one bugs live.
          for (let n = 1; n <= 3; n++) {
            expect(page.items.length).toBeLessThanOrEqual(pageSize);
            for (const item of page.items) {
              expect(seen.has(item.id), `${item.id} appears on two pages`).toBe(false);
              seen.add(item.id);
            }
            if (!page.hasMore) break;
            page = await collection.list(backend(), { page: n + 1, pageSize });
            if (n === 1) expect(page.items.length, 'page 1 said hasMore but page 2 is empty').toBeGreaterThan(0);
          }
        });

        it('paging through covers the same objects as one big page', async ({ skip: skipTest }) => {
          if (skip()) return skipTest();
          const big = await collection.list(backend(), { page: 1, pageSize: 12 });
          const small: string[] = [];
          for (let n = 1; n <= 4; n++) {
            const page = await collection.list(backend(), { page: n, pageSize: 3 });
            small.push(...page.items.map((i) => i.id));
            if (!page.hasMore) break;
          }
          expect(small).toEqual(big.items.slice(0, small.length).map((i) => i.id));
        });

        it('get by id round-trips', async ({ skip: skipTest }) => {
          if (skip() || !collection.get) return skipTest();
          const page = await collection.list(backend(), { page: 1, pageSize: 5 });
          if (page.items.length === 0) return skipTest();
          const first = page.items[0]!;
          const again = await collection.get!(backend(), first.id);
          expect(again.id).toBe(first.id);
          expect(again.nativeId).toBe(first.nativeId);
          expect(again.name).toBe(first.name);
          expectQualified(backend(), again);
        });

        it('an unknown id → not_found', async ({ skip: skipTest }) => {
          if (skip() || !collection.get) return skipTest();
          const id = qualifyId(backend().id, expectations().missingNativeId);
          await expectBackendError(collection.get!(backend(), id), 'not_found');
        });

        it("another connection's id → not_found", async ({ skip: skipTest }) => {
          if (skip() || !collection.get) return skipTest();
          const page = await collection.list(backend(), { page: 1, pageSize: 1 });
          if (page.items.length === 0) return skipTest();
          const foreign = qualifyId(`${backend().id}-other`, page.items[0]!.nativeId);
          await expectBackendError(collection.get!(backend(), foreign), 'not_found');
        });
      });
    }

    describe('VMs', () => {
      it('a VM list page embeds disks and NICs', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'vms')) return skip();
        const page = await b.listVms({ page: 1, pageSize: 10 });
        for (const vm of page.items) {
          expect(Array.isArray(vm.disks), `${vm.name} has no embedded disks`).toBe(true);
          expect(Array.isArray(vm.nics), `${vm.name} has no embedded NICs`).toBe(true);
          for (const disk of vm.disks ?? []) expectQualified(b, disk);
          for (const nic of vm.nics ?? []) expectQualified(b, nic);
        }
      });

      it('free text narrows the list by name', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'vms')) return skip();
        const first = (await b.listVms({ page: 1, pageSize: 1 })).items[0];
        if (!first) return skip();
        const found = await b.listVms({ page: 1, pageSize: 50, text: first.name });
        expect(found.items.map((v) => v.id)).toContain(first.id);
        for (const vm of found.items) expect(vm.name.toLowerCase()).toContain(first.name.toLowerCase());
      });

      it('snapshots of a VM refer back to it', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'snapshots') || !hasCapability(b, 'vms')) return skip();
        const vm = (await b.listVms({ page: 1, pageSize: 1 })).items[0];
        if (!vm) return skip();
        const snapshots = await b.listSnapshots(vm.id);
        for (const snapshot of snapshots) {
          expectQualified(b, snapshot);
          expect(snapshot.vm.id).toBe(vm.id);
        }
      });

      it('a start/stop cycle reaches running, then stopped', async ({ skip }) => {
        const b = backend();
        const vmName = expectations().powerCycleVm;
        if (!hasCapability(b, 'vms') || !vmName) return skip();
        const timeout = expectations().powerTimeoutMs ?? 20_000;
        const interval = expectations().pollIntervalMs ?? 100;
        const vm = (await b.listVms({ page: 1, pageSize: 50, text: vmName })).items.find((v) => v.name === vmName);
        expect(vm, `VM ${vmName} not found`).toBeDefined();
        const id = vm!.id;
        if (vm!.status !== 'stopped') {
          await b.vmAction(id, 'stop');
          await waitForVmStatus(b, id, 'stopped', timeout, interval);
        }

        const started = await b.vmAction(id, 'start');
        expect(started.correlationId).toMatch(/\S/);
        const running = await waitForVmStatus(b, id, 'running', timeout, interval);
        expect(running.nativeStatus).toMatch(/\S/);

        if (hasCapability(b, 'consoles')) {
          const endpoint = await b.getConsoleEndpoint(id);
          expect(['vnc', 'spice']).toContain(endpoint.protocol);
          expect(endpoint.host).toMatch(/\S/);
          expect(endpoint.vm.id).toBe(id);
        }

        const stopped = await b.vmAction(id, 'stop');
        expect(stopped.correlationId).not.toBe(started.correlationId);
        await waitForVmStatus(b, id, 'stopped', timeout, interval);

        if (hasCapability(b, 'tasks')) {
          // The job may be gone already (engines clear finished jobs): only a found task is checked.
          const task = await b.findTask(started);
          if (task) {
            expectQualified(b, task);
            expect(task.progress).toBeGreaterThanOrEqual(0);
            expect(task.progress).toBeLessThanOrEqual(100);
          }
        }
      });

      it('an action on an unknown VM → not_found', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'vms')) return skip();
        await expectBackendError(b.vmAction(qualifyId(b.id, expectations().missingNativeId), 'start'), 'not_found');
      });
    });

    describe('volume management', () => {
      const cycle = () => expectations().volumeCycle;
      const timeout = () => cycle()?.timeoutMs ?? 60_000;
      const interval = () => expectations().pollIntervalMs ?? 100;

      async function waitVolume(b: BackendWith<'volumes'>, id: QualifiedId, done: (v: Volume) => boolean): Promise<Volume> {
        const deadline = Date.now() + timeout();
        let last: Volume | undefined;
        while (Date.now() < deadline) {
          last = await b.getVolume(id);
          if (done(last)) return last;
          await new Promise((resolve) => setTimeout(resolve, interval()));
        }
        throw new Error(`volume ${id} did not settle within ${timeout()} ms (last: ${last?.nativeStatus})`);
      }

      async function waitGone(b: BackendWith<'volumes'>, id: QualifiedId): Promise<void> {
        const deadline = Date.now() + timeout();
        while (Date.now() < deadline) {
          const gone = await b.getVolume(id).then(
            () => false,
            (e: unknown) => isBackendError(e, 'not_found'),
          );
          if (gone) return;
          await new Promise((resolve) => setTimeout(resolve, interval()));
        }
        throw new Error(`volume ${id} was not deleted within ${timeout()} ms`);
      }

      it('lists volume types and the project limits', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'volumeManagement')) return skip();
        const types = await b.listVolumeTypes();
        for (const t of types) expect(t.name).toMatch(/\S/);
        const limits = await b.getVolumeLimits();
        for (const q of [limits.volumes, limits.gigabytes, limits.snapshots]) {
          expect(q.used).toBeGreaterThanOrEqual(0);
          if (q.limit !== undefined) expect(q.limit).toBeGreaterThanOrEqual(0);
        }
        const features = await b.volumeFeatures();
        expect(features.apiVersion).toMatch(/^3\.\d+$/);
      });

      it('create → available → extend → snapshot → delete', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'volumeManagement') || !hasCapability(b, 'volumes') || !cycle()) return skip();
        const name = `contract-${Date.now().toString(36)}`;
        const created = await b.createVolume({ name, sizeGiB: 1, volumeType: cycle()!.volumeType, source: { kind: 'blank' } });
        expectQualified(b, created);
        expect(created.name).toBe(name);
        try {
          const ready = await waitVolume(b, created.id, (v) => v.status === 'available' || v.status === 'error');
          expect(ready.nativeStatus).toBe('available');
          expect(ready.sizeBytes).toBe(1024 ** 3);

          await b.extendVolume(created.id, 2);
          const extended = await waitVolume(b, created.id, (v) => v.nativeStatus === 'available' && v.sizeBytes === 2 * 1024 ** 3);
          expect(extended.sizeBytes).toBe(2 * 1024 ** 3);

          const snapshot = await b.createVolumeSnapshot(created.id, { name: `${name}-snap` });
          expect(snapshot.volume.id).toBe(created.id);
          const deadline = Date.now() + timeout();
          let snap = snapshot;
          while (snap.status !== 'available' && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, interval()));
            snap = await b.getVolumeSnapshot(snapshot.id);
          }
          expect(snap.nativeStatus).toBe('available');
          expect((await b.listVolumeSnapshots(created.id)).map((s) => s.id)).toContain(snapshot.id);
          await b.deleteVolumeSnapshot(snapshot.id);
          const snapGone = Date.now() + timeout();
          while (Date.now() < snapGone && (await b.listVolumeSnapshots(created.id)).length > 0) {
            await new Promise((resolve) => setTimeout(resolve, interval()));
          }
          expect(await b.listVolumeSnapshots(created.id)).toEqual([]);
        } finally {
          await waitVolume(b, created.id, (v) => !['creating', 'extending', 'downloading'].includes(v.nativeStatus)).catch(() => undefined);
          await b.deleteVolume(created.id).catch(() => undefined);
        }
        await waitGone(b, created.id);
      });

      it('a volume beyond the gigabytes quota is refused (413) and nothing is created', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'volumeManagement') || !hasCapability(b, 'volumes') || !cycle()) return skip();
        const limits = await b.getVolumeLimits();
        if (limits.gigabytes.limit === undefined) return skip();
        const before = await b.getVolumeLimits();
        const tooBig = limits.gigabytes.limit - limits.gigabytes.used + 1;
        const error = await b
          .createVolume({ name: 'contract-too-big', sizeGiB: tooBig, volumeType: cycle()!.volumeType, source: { kind: 'blank' } })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(isBackendError(error), `expected a refusal, got ${String(error)}`).toBe(true);
        expect((error as { status?: number }).status).toBe(413);
        expect((error as { detail?: string }).detail).toMatch(/quota/i);
        const after = await b.getVolumeLimits();
        expect(after.volumes.used).toBe(before.volumes.used);
        expect(after.gigabytes.used).toBe(before.gigabytes.used);
      });

      it('actions on an unknown volume → not_found', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'volumeManagement')) return skip();
        const id = qualifyId(b.id, expectations().missingNativeId);
        await expectBackendError(b.extendVolume(id, 5), 'not_found');
        await expectBackendError(b.deleteVolume(id), 'not_found');
      });
    });

    describe('events', () => {
      it('lists newest first and polls on from the last index', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'events')) return skip();
        const first = await b.listEvents({ max: 5 });
        expect(first.items.length).toBeLessThanOrEqual(5);
        const indexes = first.items.map((e) => e.index);
        expect(indexes).toEqual([...indexes].sort((x, y) => y - x));
        for (const event of first.items) {
          expectQualified(b, event);
          expect(event.time).toBeInstanceOf(Date);
        }
        if (first.lastIndex === undefined) return;
        const next = await b.listEvents({ max: 50, sinceIndex: first.lastIndex });
        for (const event of next.items) expect(event.index).toBeGreaterThan(first.lastIndex);
      });

      it('a minimum severity filters out milder events', async ({ skip }) => {
        const b = backend();
        if (!hasCapability(b, 'events')) return skip();
        const serious = await b.listEvents({ max: 20, severity: 'warning' });
        for (const event of serious.items) expect(['warning', 'error', 'alert']).toContain(event.severity);
      });
    });
    runNetworkContract(backend, expectations);
  });
}
