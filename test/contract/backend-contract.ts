/**
 * The ONE behaviour suite every Backend must pass (the unjs/unstorage
 * `testDriver` idea). It knows nothing of a particular backend: the caller
 * writes down, by hand, what the real server offers (every capability flag,
 * the identity's reach) and the suite checks the adapter against a live server
 * (a wire-level fake or a real one), never a mock.
 *
 *   runBackendContract('oVirt demo engine', { capabilities: {...}, ... }, async () => ({ backend, teardown }))
 *
 * A case runs only where the expectations say the backend offers it, and then
 * it needs data: an empty list where the server has objects fails the case
 * ("nothing to check" is a failure, never a pass or a skip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseQualifiedId,
  qualifyId,
  severityAtLeast,
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
import { runGlusterContract, type GlusterContractExpectations } from './gluster-contract';
import { runNetworkContract, type NetworkContractExpectations } from './network-contract';

export interface ContractExpectations extends NetworkContractExpectations, GlusterContractExpectations {
  /** A native id that names nothing on this backend, in a format it accepts. */
  missingNativeId: string;
  /**
   * EVERY capability flag, written by hand from what the real server supports (never imported
   * from the adapter): a dropped or an added flag fails, and decides which cases run.
   */
  capabilities: Capabilities;
  /** Whether about() must report an admin identity. */
  isAdmin: boolean;
  /**
   * Collections this identity may not see at all although the backend offers them (an oVirt
   * self-service user sees no hosts): their lists must be empty. Every other offered collection
   * must have objects.
   */
  hiddenCollections?: Capability[];
  /**
   * The name of a VM the suite may start and stop (it ends stopped). Omit only where the
   * identity may not power VMs (real engines): then the cycle is not run.
   */
  powerCycleVm?: string;
  /** How long a power state change may take. Default 20 s. */
  powerTimeoutMs?: number;
  /** Default 100 ms. */
  pollIntervalMs?: number;
  /**
   * volumeManagement: run the create → extend → snapshot → delete cycle and the
   * quota refusal (the backend's project must have room for a 1 GiB volume).
   * Omit for read-only identities.
   */
  volumeCycle?: { volumeType?: string; timeoutMs?: number };
  /** hostPower: put an up host of a multi-host cluster into maintenance and activate it again. */
  hostMaintenanceCycle?: boolean;
  /** migration: move a running VM to another up host of its cluster. */
  migrationCycle?: boolean;
}

export interface ContractSubject {
  backend: Backend;
  teardown(): Promise<void>;
}

/** Narrows to a backend that has capability C, failing (not skipping) when it does not. */
export function offering<B extends Backend, C extends Capability>(backend: B, capability: C): B & BackendWith<C> {
  expect(hasCapability(backend, capability), `${backend.name} should offer ${capability}`).toBe(true);
  return backend as B & BackendWith<C>;
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

export function runBackendContract(name: string, expected: ContractExpectations, setup: () => Promise<ContractSubject>): void {
  const offers = (c: Capability) => expected.capabilities[c];
  describe(`Backend contract: ${name}`, () => {
    let subject: ContractSubject;
    const backend = () => subject.backend;
    // Kept for cases written against the earlier accessor (expectations().missingNativeId…).
    const expectations = () => expected;

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    describe('capabilities', () => {
      it('declares exactly the capabilities the real server supports', () => {
        expect({ ...backend().capabilities }).toEqual(expected.capabilities);
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
        expect(about.isAdmin).toBe(expected.isAdmin);
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

      const pageable = COLLECTIONS.find((c) => offers(c.capability));
      if (pageable) {
        it(`a page below 1 → invalid_input (${pageable.what})`, async () => {
          await expectBackendError(pageable.list(backend(), { page: 0, pageSize: 10 }), 'invalid_input');
        });
      }
    });

    // A collection the backend does not offer gets no cases: the capability check above
    // already fails if the adapter declares it or has its methods.
    for (const collection of COLLECTIONS.filter((c) => offers(c.capability))) {
      const hidden = expected.hiddenCollections?.includes(collection.capability) ?? false;
      describe(collection.what, () => {
        /** All of the first objects (up to 50): the data the cases below need. */
        const some = async () => {
          const page = await collection.list(backend(), { page: 1, pageSize: 50 });
          expect(page.items.length, `the server has ${collection.what}, but the list is empty: nothing to check`).toBeGreaterThan(0);
          return page.items;
        };

        if (hidden) {
          it(`this identity sees no ${collection.what}`, async () => {
            const page = await collection.list(backend(), { page: 1, pageSize: 20 });
            expect(page.items).toEqual([]);
            expect(page.hasMore).toBe(false);
          });
        } else {
          it('lists a first page of qualified objects', async () => {
            const page = await collection.list(backend(), { page: 1, pageSize: 20 });
            expect(page.page).toBe(1);
            expect(page.pageSize).toBe(20);
            expect(page.items.length, `no ${collection.what} listed: nothing to check`).toBeGreaterThan(0);
            expect(page.items.length).toBeLessThanOrEqual(20);
            expect(typeof page.hasMore).toBe('boolean');
            for (const item of page.items) expectQualified(backend(), item);
          });

          it('pages do not overlap and follow on from each other', async () => {
            const all = await some();
            // Pages small enough that the walk crosses at least one page boundary (where off-by-one
            // bugs live) whenever there are two objects or more.
            const pageSize = Math.max(1, Math.min(2, all.length - 1));
            const seen = new Set<string>();
            let page = await collection.list(backend(), { page: 1, pageSize });
            if (all.length > pageSize) expect(page.hasMore, `${all.length} ${collection.what} but page 1 of ${pageSize} says no more`).toBe(true);
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
            expect(seen.size).toBeGreaterThan(0);
          });

          it('paging through covers the same objects as one big page', async () => {
            const big = await collection.list(backend(), { page: 1, pageSize: 12 });
            expect(big.items.length, `no ${collection.what}: nothing to page through`).toBeGreaterThan(0);
            const pageSize = Math.max(1, Math.min(3, big.items.length - 1));
            const small: string[] = [];
            for (let n = 1; n <= 4; n++) {
              const page = await collection.list(backend(), { page: n, pageSize });
              small.push(...page.items.map((i) => i.id));
              if (!page.hasMore) break;
            }
            expect(small.length).toBeGreaterThan(0);
            expect(small).toEqual(big.items.slice(0, small.length).map((i) => i.id));
          });

          if (collection.get) {
            it('get by id round-trips', async () => {
              const first = (await some())[0]!;
              const again = await collection.get!(backend(), first.id);
              expect(again.id).toBe(first.id);
              expect(again.nativeId).toBe(first.nativeId);
              expect(again.name).toBe(first.name);
              expectQualified(backend(), again);
            });

            it("another connection's id → not_found", async () => {
              const first = (await some())[0]!;
              const foreign = qualifyId(`${backend().id}-other`, first.nativeId);
              await expectBackendError(collection.get!(backend(), foreign), 'not_found');
            });
          }
        }

        if (collection.get) {
          it('an unknown id → not_found', async () => {
            const id = qualifyId(backend().id, expected.missingNativeId);
            await expectBackendError(collection.get!(backend(), id), 'not_found');
          });
        }
      });
    }

    if (offers('vms')) {
      describe('VMs', () => {
        it('a VM list page embeds disks and NICs', async () => {
          const b = offering(backend(), 'vms');
          const page = await b.listVms({ page: 1, pageSize: 10 });
          expect(page.items.length, 'no VMs: nothing to check').toBeGreaterThan(0);
          for (const vm of page.items) {
            expect(Array.isArray(vm.disks), `${vm.name} has no embedded disks`).toBe(true);
            expect(Array.isArray(vm.nics), `${vm.name} has no embedded NICs`).toBe(true);
            for (const disk of vm.disks ?? []) expectQualified(b, disk);
            for (const nic of vm.nics ?? []) expectQualified(b, nic);
          }
          expect(page.items.some((vm) => (vm.disks?.length ?? 0) > 0), 'no VM on the page has a disk: nothing embedded to check').toBe(true);
        });

        it('free text narrows the list by name', async () => {
          const b = offering(backend(), 'vms');
          const all = (await b.listVms({ page: 1, pageSize: 50 })).items;
          expect(all.length, 'no VMs: nothing to search for').toBeGreaterThan(1);
          const first = all[0]!;
          const found = await b.listVms({ page: 1, pageSize: 50, text: first.name });
          expect(found.items.map((v) => v.id)).toContain(first.id);
          for (const vm of found.items) expect(vm.name.toLowerCase()).toContain(first.name.toLowerCase());
          // Narrowed: at least one VM that does not match is left out.
          const unmatched = all.filter((v) => !v.name.toLowerCase().includes(first.name.toLowerCase()));
          expect(unmatched.length, 'every VM matches the text: the filter had nothing to narrow').toBeGreaterThan(0);
          for (const vm of unmatched) expect(found.items.map((v) => v.id)).not.toContain(vm.id);
        });

        if (offers('snapshots')) {
          it('snapshots of a VM refer back to it', async () => {
            const b = offering(offering(backend(), 'vms'), 'snapshots');
            const vms = (await b.listVms({ page: 1, pageSize: 50 })).items;
            let checked = 0;
            for (const vm of vms) {
              const snapshots = await b.listSnapshots(vm.id);
              for (const snapshot of snapshots) {
                expectQualified(b, snapshot);
                expect(snapshot.vm.id).toBe(vm.id);
                checked++;
              }
              if (checked > 0) break;
            }
            expect(checked, `none of the first ${vms.length} VMs has a snapshot: nothing to check`).toBeGreaterThan(0);
          });
        }

        if (expected.powerCycleVm) {
          it('a start/stop cycle reaches running, then stopped', async () => {
            const b = offering(backend(), 'vms');
            const vmName = expected.powerCycleVm!;
            const timeout = expected.powerTimeoutMs ?? 20_000;
            const interval = expected.pollIntervalMs ?? 100;
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

            if (offers('tasks')) {
              // Engines keep a finished job for minutes (oVirt: 10): the start's job must be found.
              const task = await offering(b, 'tasks').findTask(started);
              expect(task, `the job of the start (correlation ${started.correlationId}) was not found`).toBeDefined();
              expectQualified(b, task!);
              expect(task!.correlationId).toBe(started.correlationId);
              expect(task!.progress).toBeGreaterThanOrEqual(0);
              expect(task!.progress).toBeLessThanOrEqual(100);
            }
          });
        }

        it('an action on an unknown VM → not_found', async () => {
          const b = offering(backend(), 'vms');
          await expectBackendError(b.vmAction(qualifyId(b.id, expected.missingNativeId), 'start'), 'not_found');
        });
      });
    }

    if (offers('hostPower')) {
      describe('host power', () => {
        const interval = () => expected.pollIntervalMs ?? 100;
        const timeout = () => expected.powerTimeoutMs ?? 20_000;

        if (expected.hostMaintenanceCycle) {
          it('an up host goes to maintenance and comes back up', async () => {
            const b = offering(offering(backend(), 'hosts'), 'hostPower');
            const hosts = (await b.listHosts({ page: 1, pageSize: 100 })).items.filter((h) => h.status === 'up' && h.cluster);
            // A host whose cluster has another up host, so its VMs have somewhere to go; the least busy.
            const shared = hosts.filter((h) => hosts.some((o) => o.id !== h.id && o.cluster!.id === h.cluster!.id));
            expect(shared.length, 'no cluster with two up hosts: nothing to put into maintenance').toBeGreaterThan(0);
            const host = [...shared].sort((x, y) => (x.vmsTotal ?? 0) - (y.vmsTotal ?? 0))[0]!;
            const down = await b.hostDeactivate(host.id);
            expect(down.correlationId).toMatch(/\S/);
            await waitFor(() => b.getHost(host.id), (h) => h.status === 'maintenance', timeout(), interval(), `${host.name} in maintenance`);
            const up = await b.hostActivate(host.id);
            expect(up.correlationId).not.toBe(down.correlationId);
            await waitFor(() => b.getHost(host.id), (h) => h.status === 'up', timeout(), interval(), `${host.name} up again`);
          });
        }

        it('power actions on an unknown host → not_found', async () => {
          const b = offering(backend(), 'hostPower');
          const id = qualifyId(b.id, expected.missingNativeId);
          await expectBackendError(b.hostDeactivate(id), 'not_found');
          await expectBackendError(b.hostActivate(id), 'not_found');
          await expectBackendError(b.hostFence(id, 'status'), 'not_found');
        });
      });
    }

    if (offers('migration')) {
      describe('migration', () => {
        if (expected.migrationCycle) {
          it('moves a running VM to another up host of its cluster; it keeps running', async () => {
            const b = offering(offering(offering(backend(), 'vms'), 'hosts'), 'migration');
            const hosts = (await b.listHosts({ page: 1, pageSize: 100 })).items.filter((h) => h.status === 'up' && h.cluster);
            const vms = (await b.listVms({ page: 1, pageSize: 100, filters: { status: 'running' } })).items;
            const pair = vms
              .map((vm) => ({ vm, target: hosts.find((h) => vm.host && h.id !== vm.host.id && h.cluster!.id === vm.cluster?.id) }))
              .find((p) => p.target);
            expect(pair, 'no running VM with another up host in its cluster: nothing to migrate').toBeDefined();
            const { vm, target } = pair!;
            const ref = await b.migrateVm(vm.id, { hostId: target!.id });
            expect(ref.correlationId).toMatch(/\S/);
            const moved = await waitFor(
              () => b.getVm(vm.id),
              (v) => v.host?.id === target!.id && v.status === 'running',
              expected.powerTimeoutMs ?? 20_000,
              expected.pollIntervalMs ?? 100,
              `${vm.name} running on ${target!.name}`,
            );
            expect(moved.host?.id).toBe(target!.id);
          });
        }

        it('migrating an unknown VM → not_found', async () => {
          const b = offering(backend(), 'migration');
          await expectBackendError(b.migrateVm(qualifyId(b.id, expected.missingNativeId), {}), 'not_found');
        });
      });
    }

    if (offers('volumeManagement')) {
      describe('volume management', () => {
        const cycle = () => expected.volumeCycle;
        const timeout = () => cycle()?.timeoutMs ?? 60_000;
        const interval = () => expected.pollIntervalMs ?? 100;

        async function waitVolume(b: BackendWith<'volumes'>, id: QualifiedId, done: (v: Volume) => boolean): Promise<Volume> {
          return waitFor(() => b.getVolume(id), done, timeout(), interval(), `volume ${id} settled`);
        }

        async function waitGone(b: BackendWith<'volumes'>, id: QualifiedId): Promise<void> {
          await waitFor(
            () => b.getVolume(id).then(() => false, (e: unknown) => isBackendError(e, 'not_found')),
            (gone) => gone,
            timeout(),
            interval(),
            `volume ${id} deleted`,
          );
        }

        it('lists volume types and the project limits', async () => {
          const b = offering(backend(), 'volumeManagement');
          const types = await b.listVolumeTypes();
          expect(types.length, 'no volume types: nothing to check').toBeGreaterThan(0);
          for (const t of types) expect(t.name).toMatch(/\S/);
          const limits = await b.getVolumeLimits();
          for (const q of [limits.volumes, limits.gigabytes, limits.snapshots]) {
            expect(q.used).toBeGreaterThanOrEqual(0);
            if (q.limit !== undefined) expect(q.limit).toBeGreaterThanOrEqual(0);
          }
          const features = await b.volumeFeatures();
          expect(features.apiVersion).toMatch(/^3\.\d+$/);
        });

        if (cycle()) {
          it('create → available → extend → snapshot → delete', async () => {
            const b = offering(offering(backend(), 'volumeManagement'), 'volumes');
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
              const snap = await waitFor(() => b.getVolumeSnapshot(snapshot.id), (s) => s.status === 'available', timeout(), interval(), 'snapshot available');
              expect(snap.nativeStatus).toBe('available');
              expect((await b.listVolumeSnapshots(created.id)).map((s) => s.id)).toContain(snapshot.id);
              await b.deleteVolumeSnapshot(snapshot.id);
              await waitFor(() => b.listVolumeSnapshots(created.id), (list) => list.length === 0, timeout(), interval(), 'snapshot deleted');
            } finally {
              await waitVolume(b, created.id, (v) => !['creating', 'extending', 'downloading'].includes(v.nativeStatus)).catch(() => undefined);
              await b.deleteVolume(created.id).catch(() => undefined);
            }
            await waitGone(b, created.id);
          });

          it('a volume beyond the gigabytes quota is refused (413) and nothing is created', async () => {
            const b = offering(offering(backend(), 'volumeManagement'), 'volumes');
            const before = await b.getVolumeLimits();
            expect(before.gigabytes.limit, 'the project has no gigabytes quota: nothing to exceed').toBeDefined();
            const tooBig = before.gigabytes.limit! - before.gigabytes.used + 1;
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
        }

        it('actions on an unknown volume → not_found', async () => {
          const b = offering(backend(), 'volumeManagement');
          const id = qualifyId(b.id, expected.missingNativeId);
          await expectBackendError(b.extendVolume(id, 5), 'not_found');
          await expectBackendError(b.deleteVolume(id), 'not_found');
        });
      });
    }

    if (offers('events')) {
      // Declared after the VM cases on purpose: a backend that keeps no history (libvirt) has the
      // power cycle's events by now.
      describe('events', () => {
        it('lists newest first and polls on from the last index', async () => {
          const b = offering(backend(), 'events');
          const first = await b.listEvents({ max: 5 });
          expect(first.items.length, 'no events: nothing to check').toBeGreaterThan(0);
          expect(first.items.length).toBeLessThanOrEqual(5);
          const indexes = first.items.map((e) => e.index);
          expect(indexes).toEqual([...indexes].sort((x, y) => y - x));
          for (const event of first.items) {
            expectQualified(b, event);
            expect(event.time).toBeInstanceOf(Date);
          }
          expect(first.lastIndex).toBe(indexes[0]);
          const older = await b.listEvents({ max: 50, sinceIndex: indexes[indexes.length - 1]! - 1 });
          expect(older.items.map((e) => e.index)).toEqual(expect.arrayContaining(indexes));
          const next = await b.listEvents({ max: 50, sinceIndex: first.lastIndex });
          for (const event of next.items) expect(event.index).toBeGreaterThan(first.lastIndex!);
        });

        it('a minimum severity filters out milder events', async () => {
          const b = offering(backend(), 'events');
          const all = await b.listEvents({ max: 200 });
          const milder = all.items.filter((e) => !severityAtLeast(e.severity, 'warning'));
          expect(milder.length, 'no event milder than a warning: the filter has nothing to drop').toBeGreaterThan(0);
          const serious = await b.listEvents({ max: 200, severity: 'warning' });
          for (const event of serious.items) expect(['warning', 'error', 'alert']).toContain(event.severity);
          const kept = new Set(serious.items.map((e) => e.id));
          for (const event of milder) expect(kept.has(event.id), `${event.name} (${event.severity}) passed the filter`).toBe(false);
          // Every serious event of the unfiltered window is still there.
          const oldest = Math.min(...all.items.map((e) => e.index));
          for (const event of all.items.filter((e) => severityAtLeast(e.severity, 'warning'))) {
            if (event.index >= oldest) expect(kept.has(event.id), `${event.name} (${event.severity}) was dropped`).toBe(true);
          }
        });
      });
    }
    runNetworkContract(backend, expectations);
    runGlusterContract(backend, expectations);
  });
}

/** Polls until `done` holds; fails naming what was awaited and the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
}
