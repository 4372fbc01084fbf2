import 'server-only';
import { randomUUID } from 'node:crypto';
import type { QualifiedId } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import type { CallOptions, TaskRef } from '../types';
import type { LibvirtContext } from './context';
import { lookupDomain } from './domains';
import { uuidToString, type DomainHandle } from './protocol';
import * as rpc from './rpc';

/**
 * Live migration to another libvirt host, peer-to-peer: the SOURCE daemon opens the destination
 * URI itself and runs the whole protocol (begin, prepare, perform, finish, confirm), so the
 * dashboard needs no second connection for it and nothing of the guest passes through us.
 *
 * Flags: LIVE (the guest keeps running), PEER2PEER, PERSIST_DEST (the destination keeps the
 * definition, so the VM lives there after a restart too) and UNDEFINE_SOURCE (it leaves the
 * source: one VM, one home). No --copy-storage-all: its NBD copy writes each disk into the same
 * path on the destination, which on storage both hosts see (NFS, a cluster file system, Ceph, or
 * the rig's two daemons on one machine) is the very image the source is running from. Whether the
 * disks ARE shared is libvirt's call, not ours: it checks each disk itself and refuses a
 * migration whose disks are not on shared storage ("Migration without shared storage is
 * unsafe"), and that refusal reaches the user in its words. Never VIR_MIGRATE_UNSAFE.
 */
const FLAGS = rpc.MigrateFlags.LIVE | rpc.MigrateFlags.PEER2PEER | rpc.MigrateFlags.PERSIST_DEST | rpc.MigrateFlags.UNDEFINE_SOURCE;
/** A migration can take hours (a big guest on a slow link): its own connection waits that long. */
const MIGRATION_CALL_MS = 24 * 3600_000;
/** Ended migrations are kept this long (how they ended is also in the events). */
const KEEP_ENDED_MS = 3600_000;

export interface MigrationJob {
  nativeId: string;
  correlationId: string;
  vmName: string;
  dom: DomainHandle;
  destination: string;
  startedAt: Date;
  endedAt?: Date;
  status: 'running' | 'finished' | 'failed' | 'aborted';
  /** libvirt's words when it failed. */
  error?: string;
  failure?: unknown;
  /** Cancel was asked: a failure after it is the cancellation (libvirt: "canceled by client"). */
  cancelRequested?: boolean;
  /** The last progress read from the job's stats (0-100). */
  progress: number;
  done: Promise<void>;
}

/**
 * Starts the migration and answers once the source daemon runs it as a job (or refused it: then
 * with libvirt's words). The perform call waits until the migration is over, so it runs on a
 * connection of its own; progress and cancel go over the shared one meanwhile.
 */
export async function migrateVm(
  ctx: LibvirtContext,
  id: QualifiedId,
  target: { hostId?: QualifiedId; destinationUri?: string },
  opts?: CallOptions,
): Promise<TaskRef> {
  const dom = await lookupDomain(ctx, id, opts);
  if (!target.destinationUri) {
    throw new BackendError('invalid_input', 'A libvirt VM migrates to another libvirt host of its cluster group: name that host.');
  }
  const job: MigrationJob = {
    nativeId: `migrate-${randomUUID()}`,
    correlationId: randomUUID(),
    vmName: dom.name,
    dom,
    destination: target.destinationUri,
    startedAt: new Date(),
    status: 'running',
    progress: 0,
    done: Promise.resolve(),
  };
  const transport = ctx.openTransport(MIGRATION_CALL_MS);
  const call = rpc.domainMigratePerform3Params(transport, dom, target.destinationUri, FLAGS, undefined);
  job.done = call.then(
    () => {
      job.status = 'finished';
      job.progress = 100;
      ctx.note(dom, 'info', `VM ${dom.name} migrated to ${job.destination}.`);
    },
    (error: unknown) => {
      job.status = job.cancelRequested ? 'aborted' : 'failed';
      job.failure = error;
      ctx.note(
        dom,
        job.cancelRequested ? 'warning' : 'error',
        `Migration of VM ${dom.name} to ${job.destination} ${job.cancelRequested ? 'cancelled' : 'failed'}: ${job.error}`,
      );
      job.error = isBackendError(error) ? (error.detail ?? error.message) : error instanceof Error ? error.message : String(error);
    },
  ).finally(() => {
    job.endedAt = new Date();
    ctx.domains.delete(uuidToString(dom.uuid));
    transport.close();
  });
  prune(ctx);
  ctx.migrations.set(job.nativeId, job);
  // Until the daemon shows the job (or the call ends), the migration has not started: a refusal
  // (the guest not running, the destination unreachable or this very host) comes back right here.
  let settled = false;
  const ended = job.done.then(() => {
    settled = true;
  });
  while (!settled && !opts?.signal?.aborted) {
    const stats = await rpc.domainGetJobStats(ctx.transport, dom, 0, opts?.signal).catch(() => undefined);
    if (settled || (stats && stats.type !== rpc.JobType.NONE)) break;
    await Promise.race([ended, new Promise((r) => setTimeout(r, 100))]);
  }
  if (job.status === 'failed') {
    ctx.migrations.delete(job.nativeId);
    // libvirt's own error (its code and words), as for any other call.
    throw job.failure;
  }
  return { correlationId: job.correlationId };
}

/** Aborts the VM's migration job; libvirt leaves the guest running on this host. */
export async function cancelMigration(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  const dom = await lookupDomain(ctx, id, opts);
  const job = runningMigration(ctx, dom);
  if (job) job.cancelRequested = true;
  try {
    await rpc.domainAbortJob(ctx.transport, dom, opts?.signal);
  } catch (error) {
    if (job) job.cancelRequested = false;
    throw error;
  }
  return { correlationId: job?.correlationId ?? randomUUID() };
}

/** The job's progress from libvirt's job stats: data processed of the data to send (which grows while the guest dirties memory). */
export function progressOf(stats: rpc.JobStats): number | undefined {
  const total = stats.params.get('data_total');
  const processed = stats.params.get('data_processed');
  if (typeof total !== 'number' || typeof processed !== 'number' || total <= 0) return undefined;
  // 100 only once libvirt says it is done: the last iterations still copy what the guest dirtied.
  return Math.min(99, Math.floor((processed / total) * 100));
}

export function runningMigration(ctx: LibvirtContext, dom: DomainHandle): MigrationJob | undefined {
  return [...ctx.migrations.values()].find((j) => j.status === 'running' && j.dom.uuid.equals(dom.uuid));
}

/** Reads the running job's stats now (the job may have ended meanwhile: then nothing changes). */
export async function readProgress(ctx: LibvirtContext, job: MigrationJob, opts?: CallOptions): Promise<void> {
  if (job.status !== 'running') return;
  const stats = await rpc.domainGetJobStats(ctx.transport, job.dom, 0, opts?.signal).catch(() => undefined);
  const progress = stats && progressOf(stats);
  if (progress !== undefined && job.status === 'running') job.progress = Math.max(job.progress, progress);
}

function prune(ctx: LibvirtContext): void {
  const now = Date.now();
  for (const [key, job] of ctx.migrations) if (job.endedAt && now - job.endedAt.getTime() > KEEP_ENDED_MS) ctx.migrations.delete(key);
}

/** Waits for the migration of this VM started here to end; undefined when none runs. */
export async function outcome(ctx: LibvirtContext, id: QualifiedId): Promise<Exclude<MigrationJob['status'], 'running'> | undefined> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'VM');
  const job = [...ctx.migrations.values()].find((j) => j.status === 'running' && (uuidToString(j.dom.uuid) === nativeId || j.dom.name === nativeId));
  if (!job) return undefined;
  await job.done;
  return job.status === 'running' ? 'failed' : job.status;
}
