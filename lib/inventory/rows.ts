/**
 * Domain objects → the lean rows the live tables poll for, plus small pure
 * helpers (vCPU counts, byte units) shared by server and client rendering.
 */
import type { CpuTopology, Host, HostCpu, Vm } from '@/lib/domain';
import type { HostRow, VmRow } from './types';

export function vcpusOf(cpu: CpuTopology | undefined): number | undefined {
  if (!cpu) return undefined;
  return Math.max(1, cpu.sockets) * Math.max(1, cpu.cores) * Math.max(1, cpu.threads);
}

export function logicalCpusOf(cpu: HostCpu | undefined): number | undefined {
  if (!cpu || cpu.sockets === undefined || cpu.cores === undefined) return undefined;
  return cpu.sockets * cpu.cores * (cpu.threads ?? 1);
}

export function toVmRow(vm: Vm): VmRow {
  return compact({
    id: vm.id,
    nativeId: vm.nativeId,
    connectionId: vm.connectionId,
    name: vm.name,
    hostedEngine: vm.hostedEngine,
    description: vm.description,
    status: vm.status,
    nativeStatus: vm.nativeStatus,
    hostName: vm.host ? (vm.host.name ?? vm.host.id) : undefined,
    clusterName: vm.cluster ? (vm.cluster.name ?? vm.cluster.id) : undefined,
    memoryBytes: vm.memoryBytes,
    vcpus: vcpusOf(vm.cpu),
    fqdn: vm.fqdn,
    ips: vm.ips ?? [],
  });
}

export function toHostRow(host: Host, vcpusAllocated?: number): HostRow {
  const committed =
    // The engine reports max_scheduling_memory as 0 for hosts that are not up: no bar then.
    host.status === 'up' && host.memoryBytes !== undefined && host.maxSchedulingMemoryBytes !== undefined
      ? Math.max(0, host.memoryBytes - host.maxSchedulingMemoryBytes)
      : undefined;
  return compact({
    id: host.id,
    nativeId: host.nativeId,
    connectionId: host.connectionId,
    name: host.name,
    status: host.status,
    nativeStatus: host.nativeStatus,
    address: host.address,
    clusterName: host.cluster ? (host.cluster.name ?? host.cluster.id) : undefined,
    cpuModel: host.cpu?.model,
    logicalCpus: logicalCpusOf(host.cpu),
    memoryBytes: host.memoryBytes,
    memoryCommittedBytes: committed,
    vcpusAllocated,
    vmsActive: host.vmsActive,
    vmsMigrating: host.vmsMigrating,
    vmsTotal: host.vmsTotal,
    spm: host.spm,
    hostedEngine: host.hostedEngine ? { ...host.hostedEngine } : undefined,
  });
}

export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number];

/** 1536 → { value: 1.5, unit: 'KiB' }: binary units, as oVirt and Cinder count. */
export function splitBytes(bytes: number): { value: number; unit: ByteUnit } {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < BYTE_UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: BYTE_UNITS[i] as ByteUnit };
}

/** Used share in percent, 0 when the total is unknown. May exceed 100 (overcommit). */
export function percentOf(used: number, total: number): number {
  return total > 0 ? (used / total) * 100 : 0;
}

/** Drops undefined fields so JSON and RSC payloads stay small and equal. */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** The VMs the engine has placed on a host (those a maintenance migrates and a fence stops), by name. */
export function runningVmNames(vms: VmRow[]): string[] {
  return vms.filter((v) => v.status !== 'stopped').map((v) => v.name).sort((a, b) => a.localeCompare(b));
}
