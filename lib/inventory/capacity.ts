/**
 * CPU and memory capacity of one connection for the overview, from the host
 * list and the bounded VM scan it already reads: no request of its own.
 * Pure (safe in tests and the browser).
 */
import type { Host, Vm } from '@/lib/domain';
import { logicalCpusOf, vcpusOf } from './rows';
import type { ComputeCapacity } from './types';

/**
 * `committed` is what running VMs were given (their vCPUs and memory), which
 * says nothing about how busy the hosts are; `used` is what the hosts measure.
 * `used` is only reported when EVERY up host measured it: a sum over some of
 * them would look like a quiet estate when it is a half-known one.
 */
export function computeCapacity(hosts: Host[], vms: Vm[]): { cpu: ComputeCapacity; memory: ComputeCapacity } {
  const up = hosts.filter((h) => h.status === 'up');
  const placed = vms.filter((v) => v.host);
  const cpuTotal = up.reduce((sum, h) => sum + (logicalCpusOf(h.cpu) ?? 0), 0);
  const memoryTotal = up.reduce((sum, h) => sum + (h.memoryBytes ?? 0), 0);
  const cpu: ComputeCapacity = { total: cpuTotal, committed: placed.reduce((sum, v) => sum + (vcpusOf(v.cpu) ?? 1), 0) };
  const memory: ComputeCapacity = { total: memoryTotal, committed: placed.reduce((sum, v) => sum + (v.memoryBytes ?? 0), 0) };
  if (up.length > 0 && up.every((h) => h.usage?.cpuPercent !== undefined && logicalCpusOf(h.cpu) !== undefined)) {
    // Busy CPUs, in the unit of the total: a host at 25 % of 64 CPUs keeps 16 of them busy.
    cpu.used = up.reduce((sum, h) => sum + ((h.usage!.cpuPercent! / 100) * logicalCpusOf(h.cpu)!), 0);
  }
  if (up.length > 0 && up.every((h) => h.usage?.memoryUsedBytes !== undefined)) {
    memory.used = up.reduce((sum, h) => sum + h.usage!.memoryUsedBytes!, 0);
  }
  return { cpu, memory };
}
