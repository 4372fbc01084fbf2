/**
 * The audit log ("events"). Codes follow the engine's AuditLogType numbering where we know it;
 * descriptions use the engine's own sentence templates.
 */
import type { Scheduler } from './clock';
import type { EngineEvent, Severity } from './model';
import { Rng } from './prng';
import type { Store } from './store';

export const EventCode = {
  VDS_FAILURE: 12,
  VDS_DETECTED: 13,
  VDS_ACTIVATE: 16,
  USER_VDC_LOGIN: 30,
  USER_VDC_LOGOUT: 31,
  USER_RUN_VM: 32,
  USER_RESUME_VM: 40,
  VM_MIGRATION_ABORT: 64,
  VM_CLONE_FINISHED: 1170,
  USER_EXPORT_TEMPLATE: 1204,
  USER_STOP_VM: 33,
  USER_ADD_VM: 34,
  USER_UPDATE_VM: 35,
  USER_ADD_VM_STARTED: 37,
  USER_CREATE_SNAPSHOT: 45,
  USER_ADD_VM_FINISHED_SUCCESS: 53,
  VM_DOWN: 61,
  VM_MIGRATION_START: 62,
  VM_MIGRATION_DONE: 63,
  VM_MIGRATION_FAILED: 65,
  USER_CREATE_SNAPSHOT_FINISHED_SUCCESS: 68,
  USER_INITIATED_SHUTDOWN_VM: 73,
  USER_REMOVE_VM_FINISHED: 113,
  VM_NOT_RESPONDING: 126,
  VM_PAUSED_EIO: 145,
  USER_STARTED_VM: 153,
  USER_REBOOT_VM: 157,
  USER_SUSPEND_VM: 162,
  USER_SUSPEND_VM_OK: 166,
  VM_CONSOLE_CONNECTED: 167,
  USER_RESET_VM: 168,
  USER_ADD_VM_TEMPLATE: 48,
  USER_ADD_VM_TEMPLATE_FINISHED_SUCCESS: 49,
  USER_REMOVE_VM_TEMPLATE: 51,
  USER_UPDATE_VM_TEMPLATE: 52,
  USER_REMOVE_SNAPSHOT: 342,
  USER_REMOVE_SNAPSHOT_FINISHED_SUCCESS: 356,
  USER_TRY_BACK_TO_SNAPSHOT: 92,
  USER_RESTORE_FROM_SNAPSHOT: 96,
  USER_UNDO_RESTORE_FROM_SNAPSHOT: 100,
  VM_SET_TICKET: 164,
  USER_VDS_MAINTENANCE: 600,
  USER_SET_HOSTED_ENGINE_MAINTENANCE: 10456,
  VDS_MAINTENANCE: 601,
  USER_VDS_MAINTENANCE_MIGRATION_FAILED: 602,
  USER_VDS_RESTART: 9000,
  USER_VDS_START: 9001,
  USER_VDS_STOP: 9002,
  USER_UPDATE_VDS: 43,
  HOST_AVAILABLE_UPDATES_FINISHED: 885,
  IRS_DISK_SPACE_LOW: 201,
  STORAGE_DOMAIN_HIGH_LATENCY: 10801,
  VDS_LOW_MEM: 531,
  USER_ADD_DISK: 2020,
  USER_ADD_DISK_FINISHED_SUCCESS: 2021,
  USER_REMOVE_DISK: 2014,
  USER_UPDATE_VM_DISK: 88,
  USER_ATTACH_DISK_TO_VM: 2016,
  USER_DETACH_DISK_FROM_VM: 2018,
  USER_ATTACH_STORAGE_DOMAIN_TO_POOL: 962,
  USER_ACTIVATED_STORAGE_DOMAIN: 966,
  USER_DEACTIVATED_STORAGE_DOMAIN: 968,
  USER_DETACH_STORAGE_DOMAIN_FROM_POOL: 964,
  IMPORTEXPORT_STARTING_EXPORT_VM: 1162,
  IMPORTEXPORT_EXPORT_VM: 1163,
  IMPORTEXPORT_STARTING_IMPORT_VM: 1164,
  IMPORTEXPORT_IMPORT_VM: 1165,
  USER_ADD_VM_FROM_CLONE: 1169,
  TRANSFER_IMAGE_INITIATED: 1031,
  TRANSFER_IMAGE_SUCCEEDED: 1032,
  TRANSFER_IMAGE_FAILED: 1034,
  TRANSFER_IMAGE_CANCELLED: 1033,
  USER_ADD_VM_NIC: 109,
  USER_REMOVE_VM_NIC: 110,
  USER_ADD_PERMISSION: 850,
  USER_REMOVE_PERMISSION: 852,
  ENGINE_BACKUP_COMPLETED: 9021,
  HA_VM_RESTART: 9602,
  VDS_STATUS_CHANGE: 14,
} as const;

/** Oldest events are dropped beyond this, like the engine's audit log cleanup. */
const MAX_EVENTS = 50_000;

export type NewEvent = Omit<EngineEvent, 'index' | 'origin' | 'customId' | 'correlationId' | 'time'> & {
  time?: number;
  correlationId?: string | null;
  origin?: string;
  customId?: number;
};

export function recordEvent(store: Store, e: NewEvent): EngineEvent {
  const event: EngineEvent = {
    origin: 'oVirt',
    customId: -1,
    correlationId: null,
    time: Date.now(),
    ...e,
    index: store.nextEventIndex++,
  };
  store.events.push(event);
  store.eventsByIndex.set(event.index, event);
  if (store.events.length > MAX_EVENTS + 1000) {
    for (const old of store.events.splice(0, store.events.length - MAX_EVENTS)) store.eventsByIndex.delete(old.index);
  }
  return event;
}

export function removeEvent(store: Store, index: number): boolean {
  const e = store.eventsByIndex.get(index);
  if (!e) return false;
  store.eventsByIndex.delete(index);
  store.events.splice(store.events.indexOf(e), 1);
  return true;
}

/** A plausible, state-neutral event about the estate (never claims a state change). */
export function ambientEvent(store: Store, rng: Rng, time: number): NewEvent | null {
  const hosts = store.hosts.ordered().filter((h) => h.status === 'up');
  const sds = store.storageDomains.ordered().filter((s) => s.dataCenterId && s.type === 'data');
  const kind = rng.int(0, 5);
  const severity: Severity = 'normal';
  if (kind === 0 && hosts.length) {
    const h = rng.pick(hosts);
    return { code: EventCode.HOST_AVAILABLE_UPDATES_FINISHED, severity, time, hostId: h.id, clusterId: h.clusterId,
      description: `Check for available updates on host ${h.name} was completed successfully with message 'no updates found.'.` };
  }
  if (kind === 1 && hosts.length && sds.length) {
    const h = rng.pick(hosts);
    const sd = rng.pick(sds);
    return { code: EventCode.STORAGE_DOMAIN_HIGH_LATENCY, severity: 'warning', time, hostId: h.id, storageDomainId: sd.id,
      description: `Storage domain ${sd.name} experienced a high latency of ${(5 + rng.next() * 3).toFixed(1)} seconds from host ${h.name}. This may cause performance and functional issues. Please consult your Storage Administrator.` };
  }
  if (kind === 2) {
    const users = [...store.users.values()];
    if (!users.length) return null;
    const u = rng.pick(users);
    return { code: EventCode.USER_VDC_LOGIN, severity, time, userId: u.id,
      description: `User ${u.userName}-authz connecting from '10.0.${rng.int(0, 20)}.${rng.int(2, 250)}' using session '${rng.hex(40)}' logged in.` };
  }
  if (kind === 3 && sds.length) {
    const sd = rng.pick(sds);
    return { code: EventCode.IRS_DISK_SPACE_LOW, severity: 'warning', time, storageDomainId: sd.id, dataCenterId: sd.dataCenterId ?? undefined,
      description: `Low disk space. ${sd.name} domain has ${rng.int(40, 90)} GB of free space.` };
  }
  if (kind === 4 && hosts.length) {
    const h = rng.pick(hosts);
    const cluster = store.clusters.get(h.clusterId);
    return { code: EventCode.VDS_LOW_MEM, severity: 'warning', time, hostId: h.id, clusterId: h.clusterId,
      description: `Available memory of host ${h.name} in cluster ${cluster?.name ?? ''} [${rng.int(1500, 4000)} MB] is under defined threshold [4096 MB].` };
  }
  return { code: EventCode.ENGINE_BACKUP_COMPLETED, severity, time, description: 'Engine backup completed successfully.' };
}

/** Trickle of ambient events, every 20–60 s (scaled), so an events view never looks frozen. */
export function startBackgroundEvents(store: Store, clock: Scheduler, seed: number): void {
  const rng = new Rng(seed ^ 0x5eed);
  const tick = () => {
    const e = ambientEvent(store, rng, Date.now());
    if (e) recordEvent(store, e);
    clock.after(rng.int(20_000, 60_000), tick);
  };
  clock.after(rng.int(20_000, 60_000), tick);
}
