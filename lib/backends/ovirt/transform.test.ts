/**
 * Table-driven tests of the engine's JSON quirks, one row per quirk, with
 * payloads shaped like a real oVirt 4.5 engine's answers.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from './coerce';
import {
  AboutTransform,
  ClusterTransform,
  ConsoleTransform,
  DataCenterTransform,
  DiskTransform,
  EventTransform,
  HostTransform,
  NetworkTransform,
  NicTransform,
  SnapshotTransform,
  StorageDomainTransform,
  TaskTransform,
  TemplateTransform,
  VmTransform,
} from './transform';

const CONN = 'prod';
const VM_ID = '2b9a5c2e-6f4c-4a77-9d0e-3c1d1c6e8a01';
const q = (id: string) => `${CONN}:${id}`;

const vmBase: Json = {
  href: `/ovirt-engine/api/vms/${VM_ID}`,
  id: VM_ID,
  name: 'web01',
  status: 'up',
  memory: 4294967296,
  cpu: { architecture: 'x86_64', topology: { cores: '2', sockets: '1', threads: '1' } },
  os: { type: 'rhel_9x64' },
  stateless: 'false',
  high_availability: { enabled: 'true', priority: '1' },
  creation_time: 1700000000000,
  cluster: { href: '/ovirt-engine/api/clusters/c1', id: 'c1' },
  template: { href: '/ovirt-engine/api/templates/00000000-0000-0000-0000-000000000000', id: '00000000-0000-0000-0000-000000000000' },
  host: { href: '/ovirt-engine/api/hosts/h1', id: 'h1' },
};

describe('VmTransform.toInternal', () => {
  const cases: Array<[string, Json, Record<string, unknown>]> = [
    [
      'ids are qualified by the connection',
      {},
      { id: q(VM_ID), nativeId: VM_ID, connectionId: CONN, name: 'web01' },
    ],
    ['integers as strings (cpu topology)', {}, { cpu: { sockets: 1, cores: 2, threads: 1 } }],
    ['integers as numbers', { cpu: { topology: { cores: 4, sockets: 2, threads: 2 } } }, { cpu: { sockets: 2, cores: 4, threads: 2 } }],
    ['booleans as strings', {}, { stateless: false, highAvailability: true }],
    ['booleans as booleans', { stateless: true, high_availability: { enabled: false } }, { stateless: true, highAvailability: false }],
    ['memory in bytes as a number', {}, { memoryBytes: 4294967296 }],
    ['memory as a string', { memory: '1073741824' }, { memoryBytes: 1073741824 }],
    ['dates as epoch ms numbers', {}, { createdAt: new Date(1700000000000) }],
    ['dates as epoch ms strings', { creation_time: '1700000000000' }, { createdAt: new Date(1700000000000) }],
    ['dates as ISO strings', { creation_time: '2023-11-14T22:13:20.000Z' }, { createdAt: new Date(1700000000000) }],
    ['reference stubs become qualified refs', {}, { host: { id: q('h1') }, cluster: { id: q('c1') } }],
    ['followed references carry their names', { cluster: { id: 'c1', name: 'prod', href: '/x' } }, { cluster: { id: q('c1'), name: 'prod' } }],
    ['a stopped VM has no host', { status: 'down', host: undefined }, { status: 'stopped', nativeStatus: 'down' }],
    ['uppercase enum words are tolerated', { status: 'UP' }, { status: 'running', nativeStatus: 'up' }],
    ['unknown status words map to unknown, keeping the native word', { status: 'hibernating_on_mars' }, { status: 'unknown', nativeStatus: 'hibernating_on_mars' }],
    ['powering_up is starting', { status: 'powering_up' }, { status: 'starting' }],
    ['wait_for_launch is starting', { status: 'wait_for_launch' }, { status: 'starting' }],
    ['reboot_in_progress is rebooting', { status: 'reboot_in_progress' }, { status: 'rebooting' }],
    ['image_locked is locked', { status: 'image_locked' }, { status: 'locked' }],
    ['saving_state is suspending', { status: 'saving_state' }, { status: 'suspending' }],
    ['not_responding is unknown', { status: 'not_responding' }, { status: 'unknown' }],
    [
      'a migrating VM carries its migration.progress statistic (datum as a string)',
      { status: 'migrating', statistics: { statistic: [{ name: 'cpu.current.guest', values: { value: [{ datum: '3' }] } }, { name: 'migration.progress', values: { value: [{ datum: '40' }] } }] } },
      { status: 'migrating', migrationProgress: 40 },
    ],
  ];

  it.each(cases)('%s', (_title, patch, expected) => {
    expect(VmTransform.toInternal({ ...vmBase, ...patch }, CONN)).toMatchObject(expected);
  });

  it('a single VM read with statistics carries its usage; without an agent there is no memory figure', () => {
    const stat = (name: string, datum: string | number) => ({ name, values: { value: [{ datum }] } });
    const statistics = { statistic: [stat('cpu.current.total', '37.5'), stat('memory.used', 1073741824), stat('network.current.total', 140)] };
    expect(VmTransform.toInternal({ ...vmBase, statistics }, CONN).usage).toEqual({ cpuPercent: 37.5, memoryUsedBytes: 1073741824, networkPercent: 100 });
    const noAgent = { statistic: [stat('cpu.current.guest', 4), stat('memory.used', 0)] };
    expect(VmTransform.toInternal({ ...vmBase, statistics: noAgent }, CONN).usage).toEqual({ cpuPercent: 4 });
    expect(VmTransform.toInternal(vmBase, CONN)).not.toHaveProperty('usage');
  });

  it('no migration progress when not migrating (a stale statistic) or not followed', () => {
    const stale = { statistics: { statistic: [{ name: 'migration.progress', values: { value: [{ datum: 100 }] } }] } };
    expect(VmTransform.toInternal({ ...vmBase, ...stale }, CONN)).not.toHaveProperty('migrationProgress');
    expect(VmTransform.toInternal({ ...vmBase, status: 'migrating' }, CONN)).not.toHaveProperty('migrationProgress');
  });

  it('a missing nested wrapper (no cpu, no os) leaves the fields out', () => {
    const vm = VmTransform.toInternal({ id: VM_ID, name: 'bare', status: 'down' }, CONN);
    expect(vm).not.toHaveProperty('cpu');
    expect(vm).not.toHaveProperty('os');
    expect(vm).not.toHaveProperty('host');
  });

  it('children not followed (link only) are "not fetched", not "none"', () => {
    const vm = VmTransform.toInternal(
      { ...vmBase, nics: { href: `/ovirt-engine/api/vms/${VM_ID}/nics` }, disk_attachments: undefined },
      CONN,
    );
    expect(vm.nics).toBeUndefined();
    expect(vm.disks).toBeUndefined();
  });

  it('the guest agent\u2019s reported devices give addresses per interface (IPv4 first) and the guest OS', () => {
    const vm = VmTransform.toInternal(
      {
        ...vmBase,
        fqdn: 'web01.demo.lab',
        guest_operating_system: { architecture: 'x86_64', distribution: 'Debian GNU/Linux', family: 'Linux', version: { full_version: '12', major: '12' } },
        reported_devices: {
          reported_device: [
            {
              id: 'rd1',
              name: 'eth0',
              type: 'network',
              mac: { address: '56:6f:1a:2b:00:01' },
              ips: { ip: [{ address: 'fe80::546f:1aff:fe2b:1', version: 'v6' }, { address: '10.0.1.15', version: 'v4' }] },
            },
            // One address sent as a single object (XML conversion), no version given.
            { id: 'rd2', name: 'eth1', type: 'network', mac: { address: '56:6f:1a:2b:00:02' }, ips: { ip: { address: '192.0.2.7' } } },
          ],
        },
      },
      CONN,
    );
    expect(vm.ips).toEqual(['10.0.1.15', '192.0.2.7', 'fe80::546f:1aff:fe2b:1']);
    expect(vm.guestInterfaces).toEqual([
      { name: 'eth0', mac: '56:6f:1a:2b:00:01', ipv4: ['10.0.1.15'], ipv6: ['fe80::546f:1aff:fe2b:1'] },
      { name: 'eth1', mac: '56:6f:1a:2b:00:02', ipv4: ['192.0.2.7'], ipv6: [] },
    ]);
    expect(vm.guestOs).toBe('Debian GNU/Linux 12');
  });

  it('no agent (reported devices followed but empty): no addresses, not an empty list', () => {
    const vm = VmTransform.toInternal({ ...vmBase, reported_devices: {} }, CONN);
    expect(vm).not.toHaveProperty('ips');
    expect(vm).not.toHaveProperty('guestOs');
  });

  it('followed but empty children arrive as {} and mean "none"', () => {
    const vm = VmTransform.toInternal({ ...vmBase, nics: {}, disk_attachments: {} }, CONN);
    expect(vm.nics).toEqual([]);
    expect(vm.disks).toEqual([]);
  });

  it('followed disks merge the attachment and the disk', () => {
    const vm = VmTransform.toInternal(
      {
        ...vmBase,
        disk_attachments: {
          disk_attachment: [
            {
              id: 'd1',
              bootable: 'true',
              interface: 'virtio_scsi',
              active: 'true',
              read_only: 'false',
              disk: {
                id: 'd1',
                alias: 'web01_Disk1',
                name: 'web01_Disk1',
                provisioned_size: '21474836480',
                actual_size: 3221225472,
                status: 'ok',
                format: 'cow',
                sparse: 'true',
                content_type: 'data',
                storage_domains: { storage_domain: [{ id: 'sd1' }] },
              },
            },
          ],
        },
        nics: {
          nic: [
            {
              id: 'n1',
              name: 'nic1',
              interface: 'virtio',
              plugged: 'true',
              linked: true,
              mac: { address: '56:6f:1a:2b:00:01' },
              vnic_profile: { id: 'p1' },
            },
          ],
        },
      },
      CONN,
    );
    expect(vm.disks).toEqual([
      {
        id: q('d1'),
        nativeId: 'd1',
        connectionId: CONN,
        name: 'web01_Disk1',
        status: 'ok',
        nativeStatus: 'ok',
        provisionedBytes: 21474836480,
        actualBytes: 3221225472,
        format: 'cow',
        sparse: true,
        contentType: 'data',
        storageDomain: { id: q('sd1') },
        bootable: true,
        interface: 'virtio_scsi',
        active: true,
        readOnly: false,
      },
    ]);
    expect(vm.nics).toEqual([
      {
        id: q('n1'),
        nativeId: 'n1',
        connectionId: CONN,
        name: 'nic1',
        mac: '56:6f:1a:2b:00:01',
        interface: 'virtio',
        plugged: true,
        linked: true,
        vnicProfile: { id: q('p1') },
      },
    ]);
  });

  it('a one-element list sent as a single object (XML conversion) still reads as a list', () => {
    const vm = VmTransform.toInternal({ ...vmBase, nics: { nic: { id: 'n1', name: 'nic1' } } }, CONN);
    expect(vm.nics?.map((n) => n.name)).toEqual(['nic1']);
  });

  it('an attachment without a followed disk still yields a disk named by its id', () => {
    const disk = DiskTransform.fromAttachment({ id: 'd9', bootable: 'false', disk: { id: 'd9', href: '/x' } }, CONN);
    expect(disk).toMatchObject({ id: q('d9'), name: 'd9', bootable: false, status: 'unknown' });
  });
});

describe('HostTransform.toInternal', () => {
  const host: Json = {
    id: 'h1',
    name: 'host01',
    address: 'host01.example.com',
    status: 'up',
    memory: 270582939648,
    max_scheduling_memory: '250000000000',
    cpu: { name: 'Intel Xeon', speed: '2600', topology: { cores: '16', sockets: 2, threads: '2' } },
    summary: { active: '12', migrating: '0', total: '14' },
    cluster: { id: 'c1' },
    spm: { priority: 5, status: 'spm' },
  };
  it.each<[string, Json, Record<string, unknown>]>([
    ['numbers as strings in summary', {}, { vmsActive: 12, vmsMigrating: 0, vmsTotal: 14 }],
    ['cpu model and topology', {}, { cpu: { model: 'Intel Xeon', speedMhz: 2600, sockets: 2, cores: 16, threads: 2 } }],
    ['spm as an object', {}, { spm: true }],
    ['spm "none"', { spm: { status: 'none' } }, { spm: false }],
    ['spm as a plain boolean string', { spm: 'true' }, { spm: true }],
    ['preparing_for_maintenance is transitioning', { status: 'preparing_for_maintenance' }, { status: 'transitioning', nativeStatus: 'preparing_for_maintenance' }],
    ['non_responsive stays non_responsive', { status: 'non_responsive' }, { status: 'non_responsive' }],
    ['install_failed is error', { status: 'install_failed' }, { status: 'error' }],
    ['memory sizes in bytes', {}, { memoryBytes: 270582939648, maxSchedulingMemoryBytes: 250000000000 }],
    [
      'followed statistics: CPU busy is user + system, memory used and free (datum as number or string)',
      {
        statistics: {
          statistic: [
            stat('cpu.current.user', 20.5),
            stat('cpu.current.system', '4.5'),
            stat('cpu.current.idle', 75),
            stat('memory.used', '100000000000'),
            stat('memory.free', 170582939648),
          ],
        },
      },
      { usage: { cpuPercent: 25, memoryUsedBytes: 100000000000, memoryFreeBytes: 170582939648 } },
    ],
    [
      'memory free derived from total - used when the engine leaves it out',
      { statistics: { statistic: [stat('memory.total', 1000), stat('memory.used', 400)] } },
      { usage: { memoryUsedBytes: 400, memoryFreeBytes: 600 } },
    ],
  ])('%s', (_title, patch, expected) => {
    expect(HostTransform.toInternal({ ...host, ...patch }, CONN)).toMatchObject(expected);
  });

  it('no usage without followed statistics (a link only, or an empty list)', () => {
    expect(HostTransform.toInternal(host, CONN).usage).toBeUndefined();
    expect(HostTransform.toInternal({ ...host, statistics: { href: '/ovirt-engine/api/hosts/h1/statistics' } }, CONN).usage).toBeUndefined();
    expect(HostTransform.toInternal({ ...host, statistics: {} }, CONN).usage).toBeUndefined();
  });
});

function stat(name: string, datum: number | string): Json {
  return { name, kind: 'gauge', type: 'decimal', values: { value: [{ datum }] } };
}

describe('StorageDomainTransform.toInternal', () => {
  const sd: Json = {
    id: 'sd1',
    name: 'nfs-data',
    type: 'data',
    storage: { type: 'nfs', address: 'nas.example.com', path: '/exports/data' },
    available: '536870912000',
    used: 107374182400,
    committed: '214748364800',
    external_status: 'ok',
    master: 'true',
    data_centers: { data_center: [{ id: 'dc1' }] },
  };
  it.each<[string, Json, Json | undefined, Record<string, unknown>]>([
    ['sizes as strings or numbers, total computed', {}, undefined, { availableBytes: 536870912000, usedBytes: 107374182400, committedBytes: 214748364800, totalBytes: 644245094400 }],
    ['no status outside a data center read', {}, undefined, { status: 'unknown' }],
    ['status merged from /datacenters/{id}/storagedomains', {}, { id: 'sd1', status: 'active', data_center: { id: 'dc1' } }, { status: 'active', nativeStatus: 'active', dataCenter: { id: q('dc1') } }],
    ['unattached status of its own', { status: 'unattached', data_centers: undefined }, undefined, { status: 'unattached' }],
    ['managed_block_storage kind', { type: 'managed_block_storage', storage: { type: 'managed_block_storage' } }, undefined, { kind: 'managed_block', storageType: 'managed_block', nativeKind: 'managed_block_storage' }],
    ['unknown storage type keeps the native word', { storage: { type: 'ceph_whatever' } }, undefined, { storageType: 'other', nativeStorageType: 'ceph_whatever' }],
    ['storage address and path', {}, undefined, { address: 'nas.example.com', path: '/exports/data', master: true }],
    ['data center from data_centers refs', {}, undefined, { dataCenter: { id: q('dc1') } }],
    ['activating is transitioning', {}, { id: 'sd1', status: 'activating' }, { status: 'transitioning' }],
  ])('%s', (_title, patch, attached, expected) => {
    expect(StorageDomainTransform.toInternal({ ...sd, ...patch }, CONN, attached)).toMatchObject(expected);
  });
});

describe('DataCenterTransform / ClusterTransform / NetworkTransform / TemplateTransform', () => {
  it.each<[string, () => unknown, Record<string, unknown>]>([
    ['data center version numbers as strings', () => DataCenterTransform.toInternal({ id: 'dc1', name: 'Default', status: 'up', local: 'false', version: { major: '4', minor: '7' } }, CONN), { status: 'up', local: false, version: '4.7' }],
    ['data center not_operational is a problem', () => DataCenterTransform.toInternal({ id: 'dc1', name: 'x', status: 'not_operational', local: true }, CONN), { status: 'problem', nativeStatus: 'not_operational', local: true }],
    ['cluster cpu and data center ref', () => ClusterTransform.toInternal({ id: 'c1', name: 'prod', cpu: { architecture: 'X86_64', type: 'Intel Cascadelake Server Family' }, version: { major: 4, minor: 7 }, data_center: { id: 'dc1' } }, CONN), { cpuArchitecture: 'x86_64', cpuType: 'Intel Cascadelake Server Family', version: '4.7', dataCenter: { id: q('dc1') } }],
    ['network usages list of plain strings', () => NetworkTransform.toInternal({ id: 'net1', name: 'ovirtmgmt', usages: { usage: ['vm', 'management'] }, vlan: { id: '100' }, mtu: '0', data_center: { id: 'dc1' } }, CONN), { vmNetwork: true, vlanId: 100, mtu: 0, status: 'unknown' }],
    ['network usages {} means no VM traffic', () => NetworkTransform.toInternal({ id: 'net2', name: 'storage', usages: {} }, CONN), { vmNetwork: false }],
    ['template version and illegal status', () => TemplateTransform.toInternal({ id: 't1', name: 'rhel9', status: 'illegal', memory: '2147483648', version: { version_number: '2', version_name: 'patched' } }, CONN), { status: 'error', nativeStatus: 'illegal', memoryBytes: 2147483648, versionNumber: 2, versionName: 'patched' }],
  ])('%s', (_title, run, expected) => {
    expect(run()).toMatchObject(expected);
  });
});

describe('SnapshotTransform.toInternal', () => {
  it('is named by its description and linked to its VM', () => {
    const snap = SnapshotTransform.toInternal(
      { id: 's1', description: 'before upgrade', snapshot_status: 'in_preview', snapshot_type: 'regular', date: '1700000000000', persist_memorystate: 'true' },
      CONN,
      { id: q(VM_ID) },
    );
    expect(snap).toMatchObject({ name: 'before upgrade', vm: { id: q(VM_ID) }, status: 'in_preview', date: new Date(1700000000000), persistMemory: true });
  });
  it('the Active VM snapshot has no status word of its own in some versions', () => {
    expect(SnapshotTransform.toInternal({ id: 's0', description: 'Active VM', snapshot_type: 'active' }, CONN, { id: q(VM_ID) })).toMatchObject({ status: 'unknown', snapshotType: 'active' });
  });
});

describe('EventTransform.toInternal', () => {
  it.each<[string, Json, Record<string, unknown>]>([
    ['index and code as strings, time as epoch ms', { id: '4711', index: '4711', code: '30', severity: 'normal', time: 1700000000000, description: 'VM web01 started.', vm: { id: VM_ID } }, { index: 4711, code: 30, severity: 'info', nativeSeverity: 'normal', time: new Date(1700000000000), name: 'VM web01 started.', vm: { id: q(VM_ID) } }],
    ['no index: falls back to the numeric id', { id: '12', severity: 'alert', time: '1700000000000', description: 'x' }, { index: 12, severity: 'alert' }],
    ['correlation id is kept', { id: '13', index: 13, severity: 'error', time: 0, description: 'failed', correlation_id: 'vd-abc' }, { correlationId: 'vd-abc', severity: 'error' }],
  ])('%s', (_title, api, expected) => {
    expect(EventTransform.toInternal(api, CONN)).toMatchObject(expected);
  });
});

describe('TaskTransform.toInternal', () => {
  const job: Json = {
    id: 'j1',
    description: 'Migrating VM web01 to Host host02',
    status: 'started',
    start_time: 1700000000000,
    auto_cleared: 'true',
    steps: {
      step: [
        { id: 'st2', description: 'Executing', number: '1', status: 'started', type: 'executing', progress: '40', parent_step: undefined },
        { id: 'st1', description: 'Validating', number: '0', status: 'finished', type: 'validating' },
      ],
    },
  };
  it.each<[string, Json, Record<string, unknown>]>([
    ['running job: progress is the mean of top-level steps (finished count 100)', {}, { status: 'running', progress: 70, description: 'Migrating VM web01 to Host host02' }],
    ['finished job is 100', { status: 'finished', end_time: '1700000060000' }, { status: 'finished', progress: 100, endedAt: new Date(1700000060000) }],
    ['failed job keeps its native word', { status: 'failed' }, { status: 'failed', nativeStatus: 'failed' }],
    ['no steps ({}): progress 0', { steps: {} }, { progress: 0, steps: [] }],
    ['negative progress from the engine is clamped', { steps: { step: [{ id: 'a', status: 'started', progress: -1 }] } }, { progress: 0 }],
  ])('%s', (_title, patch, expected) => {
    expect(TaskTransform.toInternal({ ...job, ...patch }, CONN)).toMatchObject(expected);
  });

  it('orders steps by number', () => {
    expect(TaskTransform.toInternal(job, CONN).steps.map((s) => s.id)).toEqual(['st1', 'st2']);
  });

  it('child steps do not count twice towards progress', () => {
    const task = TaskTransform.toInternal(
      {
        ...job,
        steps: { step: [{ id: 'p', status: 'started', progress: 50 }, { id: 'c', status: 'started', progress: 10, parent_step: { id: 'p' } }] },
      },
      CONN,
    );
    expect(task.progress).toBe(50);
    expect(task.steps).toHaveLength(2);
  });
});

describe('ConsoleTransform.toInternal', () => {
  it('reads address/ports as strings and turns the ticket expiry (seconds) into a date', () => {
    const now = new Date(1_700_000_000_000);
    const endpoint = ConsoleTransform.toInternal(
      { id: '7370696365', protocol: 'spice', address: '192.0.2.10', port: '5900', tls_port: '5901' },
      CONN,
      { id: q(VM_ID) },
      { status: 'complete', ticket: { value: 'p4ss', expiry: '120' } },
      now,
    );
    expect(endpoint).toEqual({
      connectionId: CONN,
      vm: { id: q(VM_ID) },
      protocol: 'spice',
      host: '192.0.2.10',
      port: 5900,
      tlsPort: 5901,
      password: 'p4ss',
      passwordExpiresAt: new Date(1_700_000_120_000),
    });
  });
});

describe('AboutTransform.toInternal', () => {
  it('reads product info with version parts as strings', () => {
    const about = AboutTransform.toInternal(
      {
        product_info: { name: 'oVirt Engine', vendor: 'ovirt.org', version: { build: '6', full_version: '4.5.6-1.el9', major: '4', minor: '5', revision: '0' } },
        authenticated_user: { id: 'u1', href: '/ovirt-engine/api/users/u1' },
      },
      'admin@internal',
      true,
    );
    expect(about).toEqual({
      kind: 'ovirt',
      product: 'oVirt Engine',
      version: '4.5.6',
      vendor: 'ovirt.org',
      identity: { username: 'admin@internal', userId: 'u1' },
      isAdmin: true,
    });
  });
});

describe('NicTransform / DiskTransform edge cases', () => {
  it('a NIC without a MAC wrapper', () => {
    expect(NicTransform.toInternal({ id: 'n', name: 'nic1' }, CONN)).not.toHaveProperty('mac');
  });
  it('a disk named only by alias', () => {
    expect(DiskTransform.toInternal({ id: 'd', alias: 'data', status: 'illegal' }, CONN)).toMatchObject({ name: 'data', status: 'error' });
  });
  it('an object without an id is refused', () => {
    expect(() => DiskTransform.toInternal({ alias: 'orphan' }, CONN)).toThrow(TypeError);
  });
});
