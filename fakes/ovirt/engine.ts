/**
 * The engine's moving parts in one place: state, clock, jobs, events, tokens, faults. Operations
 * (vm-ops.ts, host-ops.ts, storage-ops.ts, transfer-ops.ts) take an Engine and an Actor.
 */
import { randomBytes } from 'node:crypto';
import { Operations, Scheduler } from './clock';
import { Fault, badRequest, conflict, notFound } from './errors';
import { recordEvent, type NewEvent } from './events';
import { Faults } from './faults';
import { Jobs } from './jobs';
import type { EngineEvent, Host, Job, User, Vm } from './model';
import { Rng } from './prng';
import type { SshPublicKey } from './ssh-keys';
import { TokenStore } from './sso';
import { Store, type Table } from './store';
import { bool, isRunning, maxSchedulingMemory, ref, type ConsoleOverride, type Wire } from './wire';

/** Who asked, for events ("… by admin@internal") and jobs (owner, Correlation-Id). */
export interface Actor { user: User; correlationId: string | null }

export interface EngineConfig {
  seed: number;
  timeScale: number;
  tokenLifetimeMs: number;
  consoles?: ConsoleOverride;
}

export class Engine {
  readonly store = new Store();
  readonly clock: Scheduler;
  readonly ops: Operations;
  readonly jobs: Jobs;
  readonly tokens: TokenStore;
  readonly faults: Faults;
  nextVmOrdinal = 0;
  /** Users' SSH public keys (ssh-keys.ts), by user id: the serial console proxy's allow list. */
  readonly sshPublicKeys = new Map<string, SshPublicKey[]>();
  /** Stable per seed, like an engine installation's instance id. */
  readonly instanceId: string;

  constructor(readonly config: EngineConfig) {
    this.clock = new Scheduler(config.timeScale);
    this.ops = new Operations(this.clock);
    this.jobs = new Jobs(this.store);
    this.tokens = new TokenStore(config.tokenLifetimeMs);
    this.faults = new Faults(config.seed, () => this.tokens.revokeAll());
    this.instanceId = new Rng(config.seed ^ 0x1d).uuid();
  }

  event(e: NewEvent, actor?: Actor): EngineEvent {
    return recordEvent(this.store, { userId: actor?.user.id, correlationId: actor?.correlationId ?? null, ...e });
  }

  job(description: string, actor: Actor): Job {
    return this.jobs.create(description, { userId: actor.user.id, correlationId: actor.correlationId });
  }

  /** Hosts of a cluster that could run `memory` more bytes, best first (most free memory). */
  candidates(clusterId: string, memory: number, exclude?: string | null, reserved?: Map<string, number>): Host[] {
    const out: { h: Host; free: number }[] = [];
    for (const id of this.store.hostsByCluster.get(clusterId)) {
      const h = this.store.hosts.get(id)!;
      if (h.status !== 'up' || h.id === exclude) continue;
      const free = maxSchedulingMemory(this.store, h) - (reserved?.get(h.id) ?? 0);
      if (free >= memory) out.push({ h, free });
    }
    return out.sort((a, b) => b.free - a.free || (a.h.name < b.h.name ? -1 : 1)).map((x) => x.h);
  }

  /** Lowest free console port on a host (VNC/SPICE ports start at 5900; SPICE TLS takes the next one). */
  consolePort(host: Host): number {
    const used = new Set<number>();
    for (const id of this.store.vmsByHost.get(host.id)) {
      const p = this.store.vms.get(id)?.consolePort;
      if (p) used.add(p);
    }
    let port = 5900;
    while (used.has(port)) port += 2;
    return port;
  }

  /** The guest agent starts answering: FQDN and IPs show up. */
  guestUp(vm: Vm): void {
    if (vm.ordinal < 0) vm.ordinal = this.nextVmOrdinal++;
    vm.guestAgent = true;
    if (!vm.fqdn) vm.fqdn = `${vm.name}.demo.lab`;
    if (!vm.ips.length) vm.ips = [`10.10.${Math.floor(vm.ordinal / 250) % 250}.${(vm.ordinal % 250) + 4}`];
  }

  /** A VM stops running: off its host, console closed, pending next-run configuration applied. */
  vmDown(vm: Vm, reason = ''): void {
    this.store.setVmHost(vm, null);
    vm.status = 'down';
    vm.consolePort = null;
    vm.startTime = null;
    vm.stopTime = Date.now();
    vm.stopReason = reason;
    vm.migrationTargetHostId = null;
    vm.migrationProgress = null;
    this.store.consoleTickets.delete(vm.id);
    // What was changed in the running VM's drive only goes with it.
    vm.cdromCurrentFileId = undefined;
    if (vm.runOnce) {
      // Run-once settings last one run: the ISO leaves the CD-ROM with them.
      vm.runOnce = false;
      vm.cdromFileId = null;
    }
    if (vm.nextRun) {
      Object.assign(vm, vm.nextRun);
      vm.nextRun = null;
    }
  }

  newTicket(vm: Vm, expirySeconds: number): { value: string; expiry: number } {
    const value = randomBytes(9).toString('base64url');
    this.store.consoleTickets.set(vm.id, { value, expiresAt: Date.now() + expirySeconds * 1000 });
    return { value, expiry: expirySeconds };
  }

  close(): void {
    this.clock.close();
  }
}

// ---- helpers shared by the operations ----

export interface ActionResult { status: number; body: Wire }

/** The action object the engine answers with. Long storage work answers 202 "pending". */
export function actionResult(job: Job | null, extra: Wire = {}, pending = false): ActionResult {
  const body: Wire = { async: bool(pending), ...extra, status: pending ? 'pending' : 'complete' };
  if (job) body.job = ref('jobs', job.id);
  return { status: pending ? 202 : 200, body };
}

export type Body = Record<string, unknown>;

export function asObj(v: unknown): Body | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : undefined;
}

/** Booleans arrive as true/false or "true"/"false" (clients mirror the engine's own quirk). */
export function asBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw badRequest(`Invalid value '${String(v)}' for '${name}': expected a boolean.`);
}

export function asInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`Invalid value '${String(v)}' for '${name}': expected an integer.`);
  return n;
}

export function asStr(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value for '${name}': expected a string.`);
  return v;
}

/** Resolve a `{"id"}` or `{"name"}` reference in a request body. */
export function lookup<T extends { id: string; name: string }>(table: Table<T>, v: unknown, type: string, store: Store): T | undefined {
  const o = asObj(v);
  if (!o) return undefined;
  if (typeof o.id === 'string') {
    const row = table.get(o.id);
    if (!row) throw notFound(`${type}: id=${o.id}`);
    return row;
  }
  if (typeof o.name === 'string') {
    const row = store.findByName(table, o.name);
    if (!row) throw notFound(`${type}: name=${o.name}`);
    return row;
  }
  return undefined;
}

/** Names the engine accepts for VMs, templates and disks. */
export function checkName(name: string, action: string, type: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.length > 255) {
    throw new Fault(400, `[Cannot ${action} ${type}. The given name contains special characters. Only lower-case and upper-case letters, numbers, '_', '-', '.' are allowed.]`);
  }
}

/** The engine's "VM is locked" wording, used by every VM command. */
export function vmLocked(action: string): Fault {
  return conflict(`Cannot ${action} VM: VM is locked. Please try again in a few minutes.`);
}

export { isRunning };
