import 'server-only';
import { type ListQuery, type Page, type QualifiedId, type Task } from '@/lib/domain';
import { toPage } from '../../query';
import type { CallOptions, TaskRef } from '../../types';
import { asDate, asObject, listOf, type Json } from '../coerce';
import { JOB_STATUS, TaskTransform } from '../transform';
import { getRaw, listRaw } from './collection';
import { itemPath, type OvirtContext } from './context';

const JOBS = {
  path: '/jobs',
  key: 'job',
  what: 'Task',
  // Steps are a link of the job; follow embeds them (no request per job).
  follow: 'steps',
  search: { fields: { status: 'status' }, sortFields: {}, statusTable: JOB_STATUS },
} as const;

export async function listTasks(ctx: OvirtContext, query: ListQuery, opts: CallOptions = {}): Promise<Page<Task>> {
  const { rows, fetchedExtra } = await listRaw(ctx, JOBS, query, opts);
  const page = toPage(rows, query, fetchedExtra);
  return { ...page, items: page.items.map((job) => TaskTransform.toInternal(job, ctx.connectionId)) };
}

export async function getTask(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<Task> {
  const job = await getRaw(ctx, JOBS, id, opts);
  return TaskTransform.toInternal(await withSteps(ctx, id, job, opts), ctx.connectionId);
}

/** The job a mutation started: by its id when the engine named it, else by our Correlation-Id. */
export async function findTask(ctx: OvirtContext, ref: TaskRef, opts: CallOptions = {}): Promise<Task | undefined> {
  if (ref.taskId) {
    const task = await getTask(ctx, ref.taskId, opts);
    return { ...task, correlationId: ref.correlationId };
  }
  const job = await findJobByCorrelation(ctx, ref.correlationId, opts);
  return job ? TaskTransform.toInternal(job, ctx.connectionId, ref.correlationId) : undefined;
}

export async function findJobByCorrelation(
  ctx: OvirtContext,
  correlationId: string,
  opts: CallOptions = {},
): Promise<Json | undefined> {
  const body = await ctx.transport.get(
    JOBS.path,
    { search: `correlation_id=${correlationId}`, follow: JOBS.follow },
    opts.signal,
  );
  // One correlation id can start several jobs (e.g. a retried action): the newest is the one to follow.
  return listOf(body, JOBS.key).sort((a, b) => time(b) - time(a))[0];
}

function time(job: Json): number {
  return asDate(job.start_time)?.getTime() ?? 0;
}

/** Engines that do not follow `steps` leave a link only: read the steps apart (one request). */
async function withSteps(ctx: OvirtContext, id: QualifiedId, job: Json, opts: CallOptions): Promise<Json> {
  const steps = asObject(job.steps);
  if (steps && ('step' in steps || !('href' in steps))) return job;
  const path = `${itemPath(ctx, JOBS.path, id, JOBS.what)}/steps`;
  return { ...job, steps: await ctx.transport.get(path, undefined, opts.signal) };
}
