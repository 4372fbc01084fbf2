import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { CallOptions, CreatedRef, TaskRef } from '../../types';
import { newCorrelationId } from '../transport';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';
import { readCreatedId } from './vm-writes';

/** A template from a (stopped) VM: the engine copies its disks in a job and answers 202 at once. */
export async function createTemplate(
  ctx: OvirtContext,
  vmId: QualifiedId,
  spec: { name: string; description?: string },
  opts: CallOptions = {},
): Promise<CreatedRef> {
  const correlationId = newCorrelationId();
  const { body } = await ctx.transport.request({
    method: 'POST',
    path: '/templates',
    body: { name: spec.name, description: spec.description, vm: { id: nativeIdFor(ctx.connectionId, vmId, 'VM') } },
    correlationId,
    signal: opts.signal,
  });
  return { id: readCreatedId(ctx, body), correlationId };
}

export async function removeTemplate(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  const correlationId = newCorrelationId();
  await withNotFound('Template', () =>
    ctx.transport.request({ method: 'DELETE', path: itemPath(ctx, '/templates', id, 'Template'), correlationId, signal: opts.signal }),
  );
  // The Correlation-Id names the engine's jobs of this operation; findTask looks them up when asked.
  return { correlationId };
}
