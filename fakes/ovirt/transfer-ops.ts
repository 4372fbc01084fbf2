/**
 * Disk uploads through image transfers, like the engine + ovirt-imageio:
 * POST /imagetransfers → initializing → transferring; the client PUTs bytes to proxy_url
 * (served by this same server under /images/{ticket}); finalize → finalizing_success →
 * finished_success (or finished_failure when nothing usable arrived). Bytes are counted, not kept:
 * the demo never serves them back, so downloads are refused rather than faked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { EventCode } from './events';
import { type ActionResult, type Actor, type Body, type Engine, actionResult, asInt, asObj, asStr, isRunning } from './engine';
import type { ImageTransfer } from './model';

export const TRANSFER_TIMING = { initialize: 1000, finalize: 1500, cancel: 1000 };

const who = (a: Actor): string => a.user.userName;

export function createTransfer(e: Engine, a: Actor, body: Body): ImageTransfer {
  const diskId = asStr(asObj(body.disk)?.id, 'disk.id') ?? asStr(asObj(body.image)?.id, 'image.id');
  if (!diskId) throw incomplete('ImageTransfer', 'disk.id|image.id');
  const direction = asStr(body.direction, 'direction') ?? 'upload';
  if (direction === 'download') throw badRequest('Image download is not supported by the demo engine: it does not keep uploaded bytes.');
  if (direction !== 'upload') throw badRequest(`Invalid value '${direction}' for 'direction'.`);
  const disk = e.store.disks.get(diskId);
  if (!disk) throw notFound(`Disk: id=${diskId}`);
  if (!a.user.admin && !e.store.permissionsOn(disk.id).some((p) => p.principalId === a.user.id)) throw forbidden();
  if (disk.status === 'locked') throw conflict(`Cannot transfer Virtual Disk: The following disks are locked: ${disk.alias}. Please try again in a few minutes.`);
  for (const att of e.store.attachmentsOfDisk(disk.id)) {
    const vm = e.store.vms.get(att.ownerId);
    if (vm && isRunning(vm)) throw conflict(`Cannot transfer Virtual Disk. VM ${vm.name} using the disk is running.`);
  }
  const sd = e.store.storageDomains.get(disk.storageDomainId);
  if (!sd || sd.status !== 'active') throw conflict(`Cannot transfer Virtual Disk. The disk's Storage Domain is not active.`);
  // The engine picks an up host of the data center to run the imageio daemon.
  let hostId: string | null = null;
  for (const cid of e.store.clustersByDc.get(sd.dataCenterId)) {
    for (const hid of e.store.hostsByCluster.get(cid)) if (!hostId && e.store.hosts.get(hid)!.status === 'up') hostId = hid;
  }
  if (!hostId) throw conflict('Cannot transfer Virtual Disk. There is no active Host in the Data Center.');
  const t: ImageTransfer = {
    id: randomUUID(), diskId, direction: 'upload', phase: 'initializing', ticket: randomBytes(24).toString('base64url'), hostId,
    bytesReceived: 0, highWater: 0, inactivityTimeout: asInt(body.inactivity_timeout, 'inactivity_timeout') ?? 60,
    ownerId: a.user.id, jobId: null, correlationId: a.correlationId,
  };
  const job = e.job(`Uploading disk ${disk.alias}`, a);
  t.jobId = job.id;
  e.store.imageTransfers.set(t.id, t);
  disk.status = 'locked';
  e.event({ code: EventCode.TRANSFER_IMAGE_INITIATED, severity: 'normal', description: `Image Upload with disk ${disk.alias} was initiated by ${who(a)}.` }, a);
  e.ops.start(`transfer:${t.id}`, [{ ms: TRANSFER_TIMING.initialize, run: () => {
    if (t.phase === 'initializing') t.phase = 'transferring';
  } }]);
  return t;
}

function transferAction(e: Engine, a: Actor, t: ImageTransfer, action: string): ActionResult {
  const disk = e.store.disks.get(t.diskId);
  const job = t.jobId ? e.store.jobs.get(t.jobId) ?? null : null;
  const live = ['initializing', 'transferring', 'paused_user'].includes(t.phase);
  switch (action) {
    case 'finalize': {
      if (!live) throw conflict(`Cannot finalize image transfer. The transfer is in phase ${t.phase}.`);
      const ok = !!disk && t.highWater > 0 && t.highWater <= disk.provisionedSize;
      t.phase = ok ? 'finalizing_success' : 'finalizing_failure';
      e.ops.start(`transfer:${t.id}`, [{ ms: TRANSFER_TIMING.finalize, run: () => {
        t.phase = ok ? 'finished_success' : 'finished_failure';
        if (disk) {
          // A verified upload leaves the disk ok; a bad one leaves it unusable, as the engine marks it.
          disk.status = ok ? 'ok' : 'illegal';
          if (ok) disk.actualSize = Math.max(disk.sparse ? t.highWater : disk.provisionedSize, disk.actualSize);
        }
        if (job) e.jobs.finish(job, ok ? 'finished' : 'failed');
        e.event(ok
          ? { code: EventCode.TRANSFER_IMAGE_SUCCEEDED, severity: 'normal', description: `Image Upload with disk ${disk?.alias ?? t.diskId} succeeded.` }
          : { code: EventCode.TRANSFER_IMAGE_FAILED, severity: 'error', description: `Image Upload with disk ${disk?.alias ?? t.diskId} failed${t.highWater === 0 ? ': no data was received' : ': the image is larger than the disk'}.` }, a);
      } }]);
      return actionResult(job);
    }
    case 'cancel': {
      if (!live) throw conflict(`Cannot cancel image transfer. The transfer is in phase ${t.phase}.`);
      t.phase = 'cancelled_user';
      e.ops.start(`transfer:${t.id}`, [{ ms: TRANSFER_TIMING.cancel, run: () => {
        t.phase = 'finished_failure';
        if (disk) disk.status = 'illegal';
        if (job) e.jobs.finish(job, 'aborted');
        e.event({ code: EventCode.TRANSFER_IMAGE_CANCELLED, severity: 'normal', description: `Image Upload with disk ${disk?.alias ?? t.diskId} was cancelled.` }, a);
      } }]);
      return actionResult(job);
    }
    case 'pause':
      if (t.phase !== 'transferring') throw conflict(`Cannot pause image transfer. The transfer is in phase ${t.phase}.`);
      t.phase = 'paused_user';
      return actionResult(job);
    case 'resume':
      if (t.phase !== 'paused_user') throw conflict(`Cannot resume image transfer. The transfer is in phase ${t.phase}.`);
      t.phase = 'transferring';
      return actionResult(job);
    case 'extend':
      if (!live) throw conflict(`Cannot extend image transfer. The transfer is in phase ${t.phase}.`);
      return actionResult(job);
    default:
      throw notFound(action);
  }
}

export { transferAction };

/** ovirt-imageio's side: `OPTIONS`, `PUT` (optionally with Content-Range), `PATCH` flush/zero. */
export async function imageioRequest(e: Engine, ticket: string, req: IncomingMessage): Promise<{ status: number; body: string; headers?: Record<string, string> }> {
  const t = [...e.store.imageTransfers.values()].find((x) => x.ticket === ticket);
  const fail = (status: number, msg: string) => ({ status, body: msg + '\n', headers: { 'content-type': 'text/plain' } });
  if (!t || t.phase.startsWith('finished') || t.phase.startsWith('cancelled')) {
    req.resume();
    return fail(403, `You are not allowed to access this resource: No such ticket ${ticket}`);
  }
  if (req.method === 'OPTIONS') {
    req.resume();
    return { status: 200, body: JSON.stringify({ features: ['zero', 'flush'], max_readers: 1, max_writers: 1 }), headers: { 'content-type': 'application/json', allow: 'OPTIONS,PUT,PATCH' } };
  }
  if (t.phase !== 'transferring') {
    req.resume();
    return fail(409, `Ticket ${ticket} is not ready for transfer (phase ${t.phase})`);
  }
  if (req.method === 'GET') {
    req.resume();
    return fail(403, 'You are not allowed to access this resource: Requested read but ticket ops are write');
  }
  const disk = e.store.disks.get(t.diskId);
  if (req.method === 'PATCH') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let op: Record<string, unknown>;
    try {
      op = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(400, 'Invalid JSON');
    }
    if (op.op === 'flush') return { status: 200, body: '' };
    if (op.op === 'zero') {
      const end = Number(op.offset ?? 0) + Number(op.size ?? 0);
      if (disk && end > disk.provisionedSize) return fail(416, 'Requested range not satisfiable');
      t.highWater = Math.max(t.highWater, end);
      return { status: 200, body: '' };
    }
    return fail(400, `Unsupported operation ${String(op.op)}`);
  }
  if (req.method !== 'PUT') {
    req.resume();
    return fail(405, `Method ${req.method} not allowed`);
  }
  let offset = 0;
  const range = req.headers['content-range'];
  if (range) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
    if (!m) {
      req.resume();
      return fail(400, `Invalid Content-Range header: ${range}`);
    }
    offset = Number(m[1]);
  }
  let received = 0;
  for await (const c of req) received += (c as Buffer).length;
  const end = offset + received;
  if (disk && end > disk.provisionedSize) return fail(416, `Requested range not satisfiable: ${end} > ${disk.provisionedSize}`);
  t.bytesReceived += received;
  t.highWater = Math.max(t.highWater, end);
  const job = t.jobId ? e.store.jobs.get(t.jobId) : undefined;
  if (job && disk) e.jobs.progress(job, (t.highWater / disk.provisionedSize) * 100);
  return { status: 200, body: '' };
}
