import 'server-only';
import { qualifyId, type AffinityGroup, type AffinityLabel, type AffinityMemberKind, type AffinityRule, type QualifiedId, type Ref } from '@/lib/domain';
import type { AffinityGroupInput } from '../../affinity-types';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { CallOptions } from '../../types';
import { asBool, asString, listOf, path, type Json } from '../coerce';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/**
 * Affinity groups (`/clusters/{id}/affinitygroups`, members under `…/vms` and `…/hosts`) and labels
 * (`/affinitylabels`). Members are read with `follow=vms,hosts` (one request per list). A group
 * from an engine older than 4.3 has only the top-level `positive`/`enforcing` of its VM rule.
 */

const groupsPath = (ctx: OvirtContext, clusterId: QualifiedId) => `/${itemPath(ctx, 'clusters', clusterId, 'Cluster')}/affinitygroups`;
const native = (ctx: OvirtContext, id: QualifiedId, what: string) => encodeURIComponent(nativeIdFor(ctx.connectionId, id, what));
const SEG: Record<AffinityMemberKind, string> = { vm: 'vms', host: 'hosts' };

function refs(ctx: OvirtContext, wrapper: unknown, key: string): Ref[] {
  return listOf(wrapper, key)
    .filter((o) => asString(o.id))
    .map((o) => ({ id: qualifyId(ctx.connectionId, asString(o.id)!), ...(asString(o.name) ? { name: asString(o.name) } : {}) }));
}

function ruleOf(raw: unknown, fallback: AffinityRule): AffinityRule {
  if (raw === undefined) return fallback;
  return {
    enabled: asBool(path(raw, 'enabled')) ?? fallback.enabled,
    positive: asBool(path(raw, 'positive')) ?? fallback.positive,
    enforcing: asBool(path(raw, 'enforcing')) ?? fallback.enforcing,
  };
}

export function toAffinityGroup(ctx: OvirtContext, clusterId: QualifiedId, g: Json): AffinityGroup {
  const nativeId = asString(g.id) ?? '';
  const legacy: AffinityRule = { enabled: true, positive: asBool(g.positive) ?? true, enforcing: asBool(g.enforcing) ?? false };
  return {
    id: qualifyId(ctx.connectionId, nativeId),
    nativeId,
    connectionId: ctx.connectionId,
    name: asString(g.name) ?? nativeId,
    description: asString(g.description) || undefined,
    cluster: { id: clusterId },
    vmsRule: ruleOf(g.vms_rule, legacy),
    hostsRule: ruleOf(g.hosts_rule, { enabled: false, positive: true, enforcing: false }),
    vms: refs(ctx, g.vms, 'vm'),
    hosts: refs(ctx, g.hosts, 'host'),
  };
}

export async function listAffinityGroups(ctx: OvirtContext, clusterId: QualifiedId, opts: CallOptions = {}): Promise<AffinityGroup[]> {
  const body = await withNotFound('Cluster', () => ctx.transport.get(groupsPath(ctx, clusterId), { follow: 'vms,hosts' }, opts.signal));
  return listOf(body, 'affinity_group').map((g) => toAffinityGroup(ctx, clusterId, g));
}

function groupBody(input: Partial<AffinityGroupInput>): Json {
  const body: Json = {};
  if (input.name !== undefined) body.name = input.name;
  if (input.description !== undefined) body.description = input.description;
  if (input.vmsRule) {
    body.vms_rule = { ...input.vmsRule };
    // Engines before 4.3 read only these two.
    body.positive = input.vmsRule.positive;
    body.enforcing = input.vmsRule.enforcing;
  }
  if (input.hostsRule) body.hosts_rule = { ...input.hostsRule };
  return body;
}

export async function createAffinityGroup(ctx: OvirtContext, clusterId: QualifiedId, input: AffinityGroupInput, opts: CallOptions = {}): Promise<{ id: QualifiedId }> {
  const { body } = await withNotFound('Cluster', () =>
    ctx.transport.request({ method: 'POST', path: groupsPath(ctx, clusterId), body: groupBody(input), signal: opts.signal }),
  );
  const id = asString(body.id);
  if (!id) throw new BackendError('backend_error', 'The engine created the affinity group but did not say its id.');
  return { id: qualifyId(ctx.connectionId, id) };
}

export async function updateAffinityGroup(ctx: OvirtContext, clusterId: QualifiedId, groupId: QualifiedId, patch: Partial<AffinityGroupInput>, opts: CallOptions = {}): Promise<void> {
  await withNotFound('Affinity group', () =>
    ctx.transport.request({ method: 'PUT', path: `${groupsPath(ctx, clusterId)}/${native(ctx, groupId, 'Affinity group')}`, body: groupBody(patch), signal: opts.signal }),
  );
}

export async function removeAffinityGroup(ctx: OvirtContext, clusterId: QualifiedId, groupId: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await withNotFound('Affinity group', () =>
    ctx.transport.request({ method: 'DELETE', path: `${groupsPath(ctx, clusterId)}/${native(ctx, groupId, 'Affinity group')}`, signal: opts.signal }),
  );
}

export async function setAffinityGroupMember(
  ctx: OvirtContext, clusterId: QualifiedId, groupId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean, opts: CallOptions = {},
): Promise<void> {
  const base = `${groupsPath(ctx, clusterId)}/${native(ctx, groupId, 'Affinity group')}/${SEG[kind]}`;
  const what = kind === 'vm' ? 'VM' : 'Host';
  await withNotFound('Affinity group', () =>
    member
      ? ctx.transport.request({ method: 'POST', path: base, body: { id: nativeIdFor(ctx.connectionId, memberId, what) }, signal: opts.signal })
      : ctx.transport.request({ method: 'DELETE', path: `${base}/${native(ctx, memberId, what)}`, signal: opts.signal }),
  );
}

export async function listAffinityLabels(ctx: OvirtContext, opts: CallOptions = {}): Promise<AffinityLabel[]> {
  const body = await ctx.transport.get('/affinitylabels', { follow: 'vms,hosts' }, opts.signal);
  return listOf(body, 'affinity_label').map((l) => {
    const nativeId = asString(l.id) ?? '';
    return { id: qualifyId(ctx.connectionId, nativeId), nativeId, connectionId: ctx.connectionId, name: asString(l.name) ?? nativeId, vms: refs(ctx, l.vms, 'vm'), hosts: refs(ctx, l.hosts, 'host') };
  });
}

export async function createAffinityLabel(ctx: OvirtContext, name: string, opts: CallOptions = {}): Promise<{ id: QualifiedId }> {
  const { body } = await ctx.transport.request({ method: 'POST', path: '/affinitylabels', body: { name }, signal: opts.signal });
  const id = asString(body.id);
  if (!id) throw new BackendError('backend_error', 'The engine created the affinity label but did not say its id.');
  return { id: qualifyId(ctx.connectionId, id) };
}

export async function removeAffinityLabel(ctx: OvirtContext, labelId: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await withNotFound('Affinity label', () => ctx.transport.request({ method: 'DELETE', path: `/affinitylabels/${native(ctx, labelId, 'Affinity label')}`, signal: opts.signal }));
}

export async function setAffinityLabelMember(ctx: OvirtContext, labelId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean, opts: CallOptions = {}): Promise<void> {
  const base = `/affinitylabels/${native(ctx, labelId, 'Affinity label')}/${SEG[kind]}`;
  const what = kind === 'vm' ? 'VM' : 'Host';
  await withNotFound('Affinity label', () =>
    member
      ? ctx.transport.request({ method: 'POST', path: base, body: { id: nativeIdFor(ctx.connectionId, memberId, what) }, signal: opts.signal })
      : ctx.transport.request({ method: 'DELETE', path: `${base}/${native(ctx, memberId, what)}`, signal: opts.signal }),
  );
}

/**
 * A label on one VM through the VM's own service (AssignedAffinityLabelsService):
 * `POST /vms/{id}/affinitylabels` with the label's id, `DELETE /vms/{id}/affinitylabels/{lid}`.
 */
export async function setVmAffinityLabel(ctx: OvirtContext, vmId: QualifiedId, labelId: QualifiedId, member: boolean, opts: CallOptions = {}): Promise<void> {
  const base = `/vms/${native(ctx, vmId, 'VM')}/affinitylabels`;
  await withNotFound('Affinity label', () =>
    member
      ? ctx.transport.request({ method: 'POST', path: base, body: { id: nativeIdFor(ctx.connectionId, labelId, 'Affinity label') }, signal: opts.signal })
      : ctx.transport.request({ method: 'DELETE', path: `${base}/${native(ctx, labelId, 'Affinity label')}`, signal: opts.signal }),
  );
}
