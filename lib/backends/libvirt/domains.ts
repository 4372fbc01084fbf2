import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ConsoleEndpoint, ConsoleProtocol, ListQuery, Page, QualifiedId, Snapshot, Vm, VmPowerAction } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { mapLimit } from '../map-limit';
import type { CallOptions, SerialConsoleStream, TaskRef } from '../types';
import { proveDomainCephDisks } from './ceph-probe';
import { hostRef, type LibvirtContext } from './context';
import { readProgress, runningMigration } from './migration';
import { qualifyId } from '@/lib/domain';
import { agentAddresses, leasesByMac, withGuestAddresses } from './guest-addresses';
import { selectAll } from './list';
import { uuidFromString, uuidToString, type DomainHandle } from './protocol';
import * as rpc from './rpc';
import { matchesStatus, domainStatus, parseDomainXml, toSnapshot, toVm, type DomainFacts } from './transform';

/** Pipelined calls on the one connection (the daemon runs several workers per client). */
const PARALLEL = 16;

interface Row {
  handle: DomainHandle;
  uuid: string;
  name: string;
  state: number;
  status: string;
  nativeStatus: string;
}

/**
 * The states of all domains: ONE list call plus ONE bulk stats call
 * (virConnectGetAllDomainStats), however many domains the host runs.
 */
async function listRows(ctx: LibvirtContext, opts?: CallOptions): Promise<Row[]> {
  const t = ctx.transport;
  const handles = await rpc.listAllDomains(t, 0, opts?.signal);
  const states = new Map<string, number>();
  if (handles.length > 0 && ctx.bulkStats !== false) {
    try {
      for (const s of await rpc.domainListGetStats(t, handles, rpc.StatsTypes.STATE, opts?.signal)) {
        const state = s.params.get('state.state');
        if (typeof state === 'number') states.set(uuidToString(s.dom.uuid), state);
      }
      ctx.bulkStats = true;
    } catch (error) {
      if (!isBackendError(error, 'invalid_input')) throw error;
      ctx.bulkStats = false; // a daemon without bulk stats: per-domain state calls below
    }
  }
  const missing = handles.filter((h) => !states.has(uuidToString(h.uuid)));
  await mapLimit(missing, PARALLEL, async (h) => {
    try {
      states.set(uuidToString(h.uuid), (await rpc.domainGetState(t, h, opts?.signal)).state);
    } catch (error) {
      if (!isBackendError(error, 'not_found')) throw error; // undefined meanwhile: leave it out
    }
  });
  return handles
    .filter((h) => states.has(uuidToString(h.uuid)))
    .map((h) => {
      const uuid = uuidToString(h.uuid);
      const state = states.get(uuid)!;
      return { handle: h, uuid, name: h.name, state, ...domainStatus(state) };
    });
}

async function factsOf(ctx: LibvirtContext, handle: DomainHandle, state: number, opts?: CallOptions, fresh = false): Promise<DomainFacts> {
  const uuid = uuidToString(handle.uuid);
  const cached = ctx.domains.get(uuid);
  if (!fresh && cached && cached.state === state && Date.now() - cached.at < ctx.domainXmlTtlMs) return cached.facts;
  const facts = parseDomainXml(await rpc.domainGetXmlDesc(ctx.transport, handle, 0, opts?.signal));
  ctx.domains.set(uuid, { facts, state, at: Date.now() });
  return facts;
}

/** Every domain's facts (name, disks…): the bulk list plus the cached XMLs; used to find who uses a volume. */
export async function allDomainFacts(ctx: LibvirtContext, opts?: CallOptions): Promise<DomainFacts[]> {
  const rows = await listRows(ctx, opts);
  return mapLimit(rows, PARALLEL, (r) => factsOf(ctx, r.handle, r.state, opts));
}

export async function listVms(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Vm>> {
  const host = await hostRef(ctx, opts);
  const cluster = clusterRef(ctx, host.name!);
  // Every domain of a connection runs on its one host, in its one cluster: those filters keep all or nothing.
  const isRef = (r: { id: string; name?: string }, v: string) => v === r.id || v === r.name;
  const rows = selectAll(await listRows(ctx, opts), query, {
    filters: {
      status: (r, v) => matchesStatus(r as unknown as Vm, v),
      host: (_r, v) => isRef(host, v),
      cluster: (_r, v) => isRef(cluster, v),
    },
    sortFields: { status: (r) => r.status, host: () => host.name, cluster: () => cluster.name },
  });
  const start = (query.page - 1) * query.pageSize;
  const pageRows = rows.slice(start, start + query.pageSize);
  // Only domains that are new, changed state or expired cost an XML read (pipelined on the one socket).
  const vms = await mapLimit(pageRows, PARALLEL, async (r) => toVm(ctx.connectionId, await factsOf(ctx, r.handle, r.state, opts), r.state, { id: host.id, name: host.name! }, cluster));
  // Addresses: the networks' DHCP leases, read once for the whole page (one call per network) and only
  // when a VM on it runs; the guest agent is asked on the VM page only (it is one call per VM).
  const withLeasesOrNot = vms.some((v) => v.status !== 'stopped' && v.nics?.length) ? await withLeases(ctx, vms, opts) : vms;
  const items = withLeasesOrNot.map((vm) => migrating(ctx, vm));
  const known = new Set(rows.map((r) => r.uuid));
  for (const uuid of ctx.domains.keys()) if (!known.has(uuid)) ctx.domains.delete(uuid);
  return { items, page: query.page, pageSize: query.pageSize, hasMore: rows.length > start + query.pageSize, total: rows.length };
}

/** A VM whose migration this dashboard runs shows as migrating, with the job's progress (as oVirt reports it). */
function migrating(ctx: LibvirtContext, vm: Vm): Vm {
  const job = [...ctx.migrations.values()].find((j) => j.status === 'running' && uuidToString(j.dom.uuid) === vm.nativeId);
  return job ? { ...vm, status: 'migrating', migrationProgress: job.progress } : vm;
}

/** The domain named by a qualified id (its UUID), or not_found. */
export async function lookupDomain(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<DomainHandle> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'VM');
  const uuid = uuidFromString(nativeId);
  if (uuid) return rpc.domainLookupByUuid(ctx.transport, uuid, opts?.signal);
  // Names work too (bookmarks, BACKENDS_FILE scripts): libvirt names are unique per host.
  return rpc.domainLookupByName(ctx.transport, nativeId, opts?.signal);
}

export async function getVm(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Vm> {
  const handle = await lookupDomain(ctx, id, opts);
  const { state } = await rpc.domainGetState(ctx.transport, handle, opts?.signal);
  const facts = await factsOf(ctx, handle, state, opts, true);
  const host = await hostRef(ctx, opts);
  const job = runningMigration(ctx, handle);
  if (job) await readProgress(ctx, job, opts);
  const vm = migrating(ctx, toVm(ctx.connectionId, facts, state, { id: host.id, name: host.name! }, clusterRef(ctx, host.name!)));
  if (vm.status === 'stopped' || !vm.nics?.length) return vm;
  // The agent knows every address (static ones too); without one, what dnsmasq leased.
  const fromAgent = await agentAddresses(ctx, handle, opts);
  const agentVm = fromAgent ? withGuestAddresses(vm, fromAgent) : vm;
  return agentVm.guestInterfaces ? agentVm : (await withLeases(ctx, [vm], opts))[0]!;
}

/** The VMs with the addresses their NICs hold a DHCP lease for; a failed lease read leaves them without (the list still shows). */
async function withLeases(ctx: LibvirtContext, vms: Vm[], opts?: CallOptions): Promise<Vm[]> {
  try {
    const byMac = await leasesByMac(ctx, opts);
    return vms.map((v) => (v.status === 'stopped' ? v : withGuestAddresses(v, byMac)));
  } catch (error) {
    if (isBackendError(error, 'unreachable') || isBackendError(error, 'timeout') || isBackendError(error, 'cancelled')) throw error;
    return vms;
  }
}

function clusterRef(ctx: LibvirtContext, hostName: string) {
  return { id: qualifyId(ctx.connectionId, 'cluster'), name: ctx.target.cluster ?? hostName };
}

const PM_SUSPENDED = 7;

export async function vmAction(ctx: LibvirtContext, id: QualifiedId, action: VmPowerAction, opts?: CallOptions): Promise<TaskRef> {
  const t = ctx.transport;
  const s = opts?.signal;
  const handle = await lookupDomain(ctx, id, opts);
  switch (action) {
    case 'start':
      // A key the Ceph monitors refuse would hang QEMU's start for minutes; it is named at once.
      await proveDomainCephDisks(ctx, await rpc.domainGetXmlDesc(t, handle, rpc.DomainXmlFlags.INACTIVE, s), opts);
      await rpc.domainCreate(t, handle, s);
      break;
    case 'shutdown':
      await rpc.domainShutdown(t, handle, s);
      break;
    case 'stop':
      await rpc.domainDestroy(t, handle, s);
      break;
    case 'reboot':
      await rpc.domainReboot(t, handle, 0, s);
      break;
    case 'reset':
      await rpc.domainReset(t, handle, 0, s);
      break;
    case 'suspend':
      await rpc.domainSuspend(t, handle, s);
      break;
    case 'resume': {
      const { state } = await rpc.domainGetState(t, handle, s);
      // A guest suspended to RAM by its own power management wakes up; a paused one resumes.
      if (state === PM_SUSPENDED) await rpc.domainPmWakeup(t, handle, 0, s);
      else await rpc.domainResume(t, handle, s);
      break;
    }
    default:
      throw new BackendError('invalid_input', `Unknown VM action "${String(action)}".`);
  }
  ctx.domains.delete(uuidToString(handle.uuid));
  // libvirt acts synchronously: the work is done when the call returns, there is no job to follow.
  return { correlationId: randomUUID() };
}

/**
 * Where the console is: the graphics element of the LIVE domain XML, read with
 * VIR_DOMAIN_XML_SECURE so the VNC/SPICE password comes along. A listen address
 * of 0.0.0.0/:: (or none) means "every interface of the host": the dashboard
 * reaches it at the host it connects to.
 */
export async function getConsoleEndpoint(
  ctx: LibvirtContext,
  vmId: QualifiedId,
  opts?: CallOptions & { protocol?: ConsoleProtocol },
): Promise<ConsoleEndpoint> {
  const handle = await lookupDomain(ctx, vmId, opts);
  const { state } = await rpc.domainGetState(ctx.transport, handle, opts?.signal);
  if (state !== 1 && state !== 2 && state !== 3) {
    throw new BackendError('conflict', `The VM "${handle.name}" is not running, so it has no console.`);
  }
  const facts = parseDomainXml(await rpc.domainGetXmlDesc(ctx.transport, handle, rpc.DomainXmlFlags.SECURE, opts?.signal));
  const wanted = opts?.protocol;
  const graphics = facts.graphics.find((g) => (!wanted || g.protocol === wanted) && (g.port || g.tlsPort));
  if (!graphics) {
    throw new BackendError('not_found', wanted ? `The VM "${handle.name}" has no ${wanted.toUpperCase()} console.` : `The VM "${handle.name}" has no graphical console.`);
  }
  const listen = graphics.listen;
  const anyAddress = !listen || listen === '0.0.0.0' || listen === '::' || listen === '[::]';
  const connectHost = ctx.target.host ?? '127.0.0.1';
  // A loopback listen on a REMOTE host is only reachable there (through ssh); report it as is, the relay decides.
  const host = anyAddress ? connectHost : listen;
  return {
    connectionId: ctx.connectionId,
    vm: { id: vmId, name: handle.name },
    protocol: graphics.protocol,
    host,
    port: graphics.port,
    tlsPort: graphics.tlsPort,
    password: graphics.password,
    passwordExpiresAt: graphics.passwordValidTo,
  };
}

export async function listSnapshots(ctx: LibvirtContext, vmId: QualifiedId, opts?: CallOptions): Promise<Snapshot[]> {
  const handle = await lookupDomain(ctx, vmId, opts);
  let snaps;
  try {
    snaps = await rpc.domainListAllSnapshots(ctx.transport, handle, opts?.signal);
  } catch (error) {
    // Drivers without snapshot support have none to list.
    if (isBackendError(error, 'invalid_input')) return [];
    throw error;
  }
  const uuid = uuidToString(handle.uuid);
  const vm = { id: vmId, name: handle.name, uuid };
  const items = await mapLimit(snaps, PARALLEL, async (snap) => toSnapshot(ctx.connectionId, vm, await rpc.domainSnapshotGetXmlDesc(ctx.transport, snap, opts?.signal)));
  return items.sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0));
}

/**
 * The guest's serial console through the daemon (virDomainOpenConsole), so it works over every
 * transport the connection does (no pty path or port on the host needed). FORCE takes it over from a
 * console left open elsewhere, as `virsh console --force` does.
 */
export async function openSerialConsole(ctx: LibvirtContext, vmId: QualifiedId, opts?: CallOptions): Promise<SerialConsoleStream> {
  const handle = await lookupDomain(ctx, vmId, opts);
  const { state } = await rpc.domainGetState(ctx.transport, handle, opts?.signal);
  if (state !== 1 && state !== 2 && state !== 3) {
    throw new BackendError('conflict', `The VM "${handle.name}" is not running, so it has no console.`);
  }
  return rpc.domainOpenConsole(ctx.transport, handle, undefined, rpc.ConsoleFlags.FORCE, opts?.signal);
}
