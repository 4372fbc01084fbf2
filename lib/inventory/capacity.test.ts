import { describe, expect, it } from 'vitest';
import type { Host, Vm } from '@/lib/domain';
import { computeCapacity } from './capacity';

const GiB = 1024 ** 3;

function host(id: string, patch: Partial<Host> = {}): Host {
  return {
    id: `c:${id}`,
    nativeId: id,
    connectionId: 'c',
    name: id,
    status: 'up',
    nativeStatus: 'up',
    cpu: { sockets: 2, cores: 8, threads: 2 },
    memoryBytes: 256 * GiB,
    ...patch,
  } as Host;
}

function vm(id: string, hostId: string | undefined, vcpus: number, memoryGiB: number): Vm {
  return {
    id: `c:${id}`,
    nativeId: id,
    connectionId: 'c',
    name: id,
    status: hostId ? 'running' : 'stopped',
    nativeStatus: hostId ? 'up' : 'down',
    host: hostId ? { id: `c:${hostId}` } : undefined,
    cpu: { sockets: vcpus, cores: 1, threads: 1 },
    memoryBytes: memoryGiB * GiB,
  } as Vm;
}

describe('computeCapacity', () => {
  const vms = [vm('a', 'h1', 4, 16), vm('b', 'h2', 8, 32), vm('off', undefined, 16, 64)];

  it('measured use from every up host, committed from the running VMs, totals from up hosts only', () => {
    const { cpu, memory } = computeCapacity(
      [
        host('h1', { usage: { cpuPercent: 25, memoryUsedBytes: 40 * GiB, memoryFreeBytes: 216 * GiB } }),
        host('h2', { usage: { cpuPercent: 50, memoryUsedBytes: 60 * GiB, memoryFreeBytes: 196 * GiB } }),
        // In maintenance: neither its capacity nor its (zero) use counts.
        host('h3', { status: 'maintenance', nativeStatus: 'maintenance' }),
      ],
      vms,
    );
    expect(cpu).toEqual({ total: 64, committed: 12, used: 8 + 16 });
    expect(memory).toEqual({ total: 512 * GiB, committed: 48 * GiB, used: 100 * GiB });
  });

  it('no measured figure when one up host reports none: the overview then says "allocated"', () => {
    const { cpu, memory } = computeCapacity([host('h1', { usage: { cpuPercent: 25, memoryUsedBytes: 40 * GiB } }), host('h2')], vms);
    expect(cpu.used).toBeUndefined();
    expect(memory.used).toBeUndefined();
    expect(cpu.committed).toBe(12);
    expect(memory.committed).toBe(48 * GiB);
  });

  it('a measured 0 % is a measurement, not a missing one', () => {
    const { cpu } = computeCapacity([host('h1', { usage: { cpuPercent: 0, memoryUsedBytes: 0 } })], []);
    expect(cpu).toEqual({ total: 32, committed: 0, used: 0 });
  });
});
