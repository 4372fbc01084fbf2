import 'server-only';
import type { QualifiedId, ServiceHealth } from '@/lib/domain';
import { isBackendError } from '../../errors';
import type { CallOptions, TaskRef } from '../../types';
import { asObject, asText } from '../coerce';
import { runAction } from './actions';
import { itemPath, type OvirtContext } from './context';

/**
 * The engine's health page says whether it reaches its database; the API root names its
 * version (product_info). Both are read now: a row for "the engine", up only when both answer.
 */
export async function engineHealth(ctx: OvirtContext, opts: CallOptions = {}): Promise<ServiceHealth[]> {
  const row: ServiceHealth = { key: 'ovirt-engine', name: 'ovirt-engine', role: 'engine', state: 'unknown' };
  const [health, root] = await Promise.allSettled([ctx.transport.health(opts.signal), ctx.transport.get('', undefined, opts.signal)]);
  if (root.status === 'fulfilled') {
    const info = asObject(root.value.product_info);
    const version = asObject(info?.version);
    row.version = asText(version?.full_version) ?? (['major', 'minor', 'build'].map((k) => asText(version?.[k])).filter(Boolean).join('.') || undefined);
    if (info?.name) row.detail = asText(info.name);
  } else {
    row.error = isBackendError(root.reason) ? (root.reason.detail ?? root.reason.message) : String(root.reason);
  }
  if (health.status === 'fulfilled') {
    const text = health.value.text.trim();
    const dbUp = health.value.status === 200 && /DB Up/i.test(text);
    row.state = dbUp && root.status === 'fulfilled' ? 'up' : 'down';
    if (!dbUp) row.error = text.slice(0, 300) || `HTTP ${health.value.status}`;
  } else {
    row.state = 'down';
    row.error ??= isBackendError(health.reason) ? health.reason.message : String(health.reason);
  }
  return [row];
}

/** Global HA maintenance: the engine VM's `maintenance` action (any other VM is refused by the engine). */
export function setGlobalMaintenance(ctx: OvirtContext, engineVmId: QualifiedId, enabled: boolean, opts?: CallOptions): Promise<TaskRef> {
  return runAction(ctx, 'VM', `${itemPath(ctx, '/vms', engineVmId, 'VM')}/maintenance`, { maintenance_enabled: enabled }, opts);
}
