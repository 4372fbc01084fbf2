import 'server-only';
import { qualifyId, type ConsoleProtocol, type QualifiedId } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { CallOptions } from '../../types';
import {
  BOOT_DEVICES,
  type BootDevice,
  type VmMigrationMode,
  type VmSettings,
  type VmSettingsFeatures,
  type VmSettingsPatch,
  type VmSettingsResult,
  type VmSettingsState,
} from '../../vm-settings-types';
import { asBool, asEnum, asNumber, asString, listOf, path, type Json } from '../coerce';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/**
 * A VM's boot order, high availability (with its lease), console type and placement on the engine:
 * all fields of the VM itself (`os.boot.devices`, `high_availability`, `lease`, `display.type`, `placement_policy`),
 * changed with one `PUT /vms/{id}`. On a running VM the engine applies what it can at once (high
 * availability, placement: scheduling rules) and keeps the rest (boot order, display type) as the
 * next-run configuration; its answer's `next_run_configuration_exists` says which happened, and
 * `GET /vms/{id}?next_run=true` reads that configuration.
 */

export const OVIRT_VM_SETTINGS: VmSettingsFeatures = {
  // A lease is hot-plugged into a running VM (engine 4.2+), so it applies at once too.
  applies: { bootOrder: 'nextStart', highAvailability: 'live', lease: 'live', console: 'nextStart', placement: 'live' },
  // The engine starts a VM by its HA policy and cluster scheduling; it has no per-VM autostart.
  unsupported: { autostart: 'noAutostart' },
  bootDevices: [...BOOT_DEVICES],
  consoles: ['vnc', 'spice'],
  // The engine's own UI offers low (1), medium (50) and high (100).
  maxHaPriority: 100,
};

const AFFINITY_OF: Record<VmMigrationMode, string> = { migratable: 'migratable', manual: 'user_migratable', pinned: 'pinned' };
const MODE_OF: Record<string, VmMigrationMode> = { migratable: 'migratable', user_migratable: 'manual', pinned: 'pinned' };

const vmPath = (ctx: OvirtContext, id: QualifiedId) => itemPath(ctx, '/vms', id, 'VM');

/** The settings fields of one VM answer (the running or the next-run configuration). */
export function settingsOf(vm: Json, connectionId: string): VmSettings {
  // `device` is a list of strings; a one-element list may arrive as a bare string (XML-to-JSON).
  const raw = path(vm, 'os', 'boot', 'devices', 'device');
  const bootOrder = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map(asEnum)
    .filter((d): d is BootDevice => (BOOT_DEVICES as readonly string[]).includes(d ?? ''));
  const settings: VmSettings = { bootOrder };
  const ha = path(vm, 'high_availability');
  if (ha !== undefined) {
    settings.highAvailability = { enabled: asBool(path(ha, 'enabled')) ?? false, priority: asNumber(path(ha, 'priority')) ?? 0 };
  }
  const display = asEnum(path(vm, 'display', 'type'));
  if (display === 'vnc' || display === 'spice') settings.console = display as ConsoleProtocol;
  const affinity = asEnum(path(vm, 'placement_policy', 'affinity'));
  const hosts = listOf(path(vm, 'placement_policy', 'hosts'), 'host')
    .map((h) => asString(h.id))
    .filter((id): id is string => !!id)
    .map((id) => ({ id: qualifyId(connectionId, id) }));
  settings.placement = { migration: MODE_OF[affinity ?? ''] ?? 'migratable', hosts };
  // The engine leaves `lease` out when the VM has none.
  const leaseSd = asString(path(vm, 'lease', 'storage_domain', 'id'));
  settings.lease = leaseSd ? { id: qualifyId(connectionId, leaseSd) } : null;
  return settings;
}

export async function getVmSettings(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<VmSettingsState> {
  const vm = await withNotFound('VM', () => ctx.transport.get(vmPath(ctx, vmId), undefined, opts.signal));
  const current = settingsOf(vm, ctx.connectionId);
  if (!asBool(vm.next_run_configuration_exists)) return { current };
  const next = await withNotFound('VM', () => ctx.transport.get(vmPath(ctx, vmId), { next_run: 'true' }, opts.signal));
  return { current, nextStart: settingsOf(next, ctx.connectionId) };
}

export function vmSettingsBody(ctx: OvirtContext, patch: VmSettingsPatch): Json {
  const body: Json = {};
  if (patch.bootOrder) body.os = { boot: { devices: { device: patch.bootOrder } } };
  if (patch.highAvailability) body.high_availability = { enabled: patch.highAvailability.enabled, priority: patch.highAvailability.priority };
  if (patch.console) body.display = { type: patch.console };
  // `lease` without a storage domain removes it (the REST layer's StorageDomainLeaseMapper).
  if (patch.lease !== undefined) body.lease = patch.lease ? { storage_domain: { id: nativeIdFor(ctx.connectionId, patch.lease, 'Storage domain') } } : {};
  if (patch.placement) {
    body.placement_policy = {
      affinity: AFFINITY_OF[patch.placement.migration],
      // An empty list clears the pinned hosts (any host of the cluster).
      hosts: { host: patch.placement.hostIds.map((id) => ({ id: nativeIdFor(ctx.connectionId, id, 'Host') })) },
    };
  }
  return body;
}

export async function updateVmSettings(ctx: OvirtContext, vmId: QualifiedId, patch: VmSettingsPatch, opts: CallOptions = {}): Promise<VmSettingsResult> {
  const { body: answer } = await withNotFound('VM', () =>
    ctx.transport.request({ method: 'PUT', path: vmPath(ctx, vmId), body: vmSettingsBody(ctx, patch), signal: opts.signal }),
  );
  return { pendingNextStart: asBool(answer.next_run_configuration_exists) ?? false };
}
