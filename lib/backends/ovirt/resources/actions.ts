import 'server-only';
import { qualifyId } from '@/lib/domain';
import type { CallOptions, TaskRef } from '../../types';
import { asObject, asString, type Json } from '../coerce';
import { actionFailure } from '../faults';
import { newCorrelationId } from '../transport';
import { withNotFound } from './collection';
import type { OvirtContext } from './context';
import { taskIdForCorrelation } from './jobs';

/**
 * POST an action (`/vms/{id}/start`) with a Correlation-Id and fail on a
 * `status: failed` answer: the engine can answer 200 to an action that failed.
 */
export async function postAction(
  ctx: OvirtContext,
  what: string,
  path: string,
  body: Json,
  opts: CallOptions = {},
  correlationId = newCorrelationId(),
): Promise<Json> {
  const { body: answer } = await withNotFound(what, () =>
    ctx.transport.request({ method: 'POST', path, body, correlationId, signal: opts.signal }),
  );
  const failure = actionFailure(answer);
  if (failure) throw failure;
  return answer;
}

/**
 * An action whose work the UI follows: names the job doing it. The engine
 * links the job in the answer for long work (202); otherwise we look it up by
 * the Correlation-Id (one request).
 */
export async function runAction(
  ctx: OvirtContext,
  what: string,
  path: string,
  body: Json,
  opts: CallOptions = {},
): Promise<TaskRef> {
  const correlationId = newCorrelationId();
  const answer = await postAction(ctx, what, path, body, opts, correlationId);
  const linkedJob = asString(asObject(answer.job)?.id);
  const taskId = linkedJob
    ? qualifyId(ctx.connectionId, linkedJob)
    : await taskIdForCorrelation(ctx, correlationId, opts);
  return taskId ? { taskId, correlationId } : { correlationId };
}
