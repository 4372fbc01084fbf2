import 'server-only';
import { qualifyId } from '@/lib/domain';
import type { CallOptions, TaskRef } from '../../types';
import { asObject, asString, type Json } from '../coerce';
import { actionFailure } from '../faults';
import { newCorrelationId } from '../transport';
import { withNotFound } from './collection';
import type { OvirtContext } from './context';

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
 * An action whose work the UI follows. The engine links the job in the answer for long work
 * (202): that id comes along at no cost. Otherwise only the Correlation-Id is returned: the job
 * is looked up (findTask) when someone asks for it, not by an extra request after every action
 * whose answer nobody reads.
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
  return linkedJob ? { taskId: qualifyId(ctx.connectionId, linkedJob), correlationId } : { correlationId };
}
