import { describe, expect, it } from 'vitest';
import { domainXml, snapshotXml, targetName, volumeXml } from './domain-xml';
import { domainStatus, parseDomainXml, toDisk, toNetwork, toSnapshot, toStorageDomain, toVm } from './transform';
import { parseXml } from './xml';

// What a real libvirtd 9 answers for a running QEMU guest (virsh dumpxml --security-info), trimmed.
const RUNNING = `<domain type='kvm' id='3'>
  <name>web01</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e1001</uuid>
  <description>front &amp; back</description>
  <memory unit='KiB'>2097152</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type><boot dev='hd'/></os>
  <cpu mode='host-passthrough'><topology sockets='1' dies='1' cores='2' threads='2'/></cpu>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/web01.qcow2' index='2'/>
      <backingStore/>
      <target dev='vda' bus='virtio'/>
      <alias name='virtio-disk0'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/isos/debian.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='data' volume='web01-data'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:6b:3c:58'/>
      <source network='default' portid='x' bridge='virbr0'/>
      <target dev='vnet2'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:6b:3c:59'/>
      <source bridge='br0'/>
      <link state='down'/>
    </interface>
    <graphics type='vnc' port='5901' autoport='yes' listen='0.0.0.0' passwd='s3cr&lt;t'>
      <listen type='address' address='0.0.0.0'/>
    </graphics>
    <graphics type='spice' port='5902' tlsPort='5903' autoport='yes' listen='10.0.0.5'>
      <listen type='address' address='10.0.0.5'/>
    </graphics>
  </devices>
</domain>`;

describe('domain XML → Vm', () => {
  const facts = parseDomainXml(RUNNING);

  it('reads CPU, memory, disks, NICs and both consoles', () => {
    expect(facts).toMatchObject({
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e1001',
      name: 'web01',
      description: 'front & back',
      memoryBytes: 2 * 1024 ** 3,
      vcpus: 4,
      cpu: { sockets: 1, cores: 2, threads: 2 },
    });
    expect(facts.disks.map((d) => [d.target, d.device, d.source ?? `${d.pool}/${d.volume}`])).toEqual([
      ['vda', 'disk', '/var/lib/libvirt/images/web01.qcow2'],
      ['sda', 'cdrom', '/var/lib/libvirt/isos/debian.iso'],
      ['vdb', 'disk', 'data/web01-data'],
    ]);
    expect(facts.nics).toMatchObject([
      { mac: '52:54:00:6b:3c:58', network: 'default', model: 'virtio', linked: true },
      { mac: '52:54:00:6b:3c:59', bridge: 'br0', linked: false },
    ]);
    expect(facts.graphics).toEqual([
      { protocol: 'vnc', port: 5901, tlsPort: undefined, listen: '0.0.0.0', password: 's3cr<t', passwordValidTo: undefined, websocket: undefined },
      { protocol: 'spice', port: 5902, tlsPort: 5903, listen: '10.0.0.5', password: undefined, passwordValidTo: undefined, websocket: undefined },
    ]);
  });

  it('maps onto the common model with qualified ids', () => {
    const vm = toVm('kvm1', facts, 1, { id: 'kvm1:host1', name: 'host1' });
    expect(vm).toMatchObject({ id: 'kvm1:6695eb01-f6a4-8304-79aa-97f2502e1001', status: 'running', nativeStatus: 'running', host: { name: 'host1' } });
    expect(vm.disks!.map((d) => [d.id, d.contentType, d.format, d.readOnly])).toEqual([
      ['kvm1:/var/lib/libvirt/images/web01.qcow2', 'data', 'cow', false],
      ['kvm1:/var/lib/libvirt/isos/debian.iso', 'iso', 'raw', true],
      ['kvm1:data/web01-data', 'data', 'raw', false],
    ]);
    expect(vm.nics![0]!.network).toEqual({ id: 'kvm1:network:default', name: 'default' });
  });

  it('an autoport console of a stopped VM has no port yet', () => {
    const stopped = parseDomainXml(`<domain type='kvm'><name>x</name><uuid>u</uuid><devices><graphics type='vnc' port='-1' autoport='yes'/></devices></domain>`);
    expect(stopped.graphics[0]!.port).toBeUndefined();
  });

  it.each([
    [1, 'running', 'running'],
    [2, 'running', 'blocked'],
    [3, 'paused', 'paused'],
    [4, 'stopping', 'shutdown'],
    [5, 'stopped', 'shutoff'],
    [6, 'error', 'crashed'],
    [7, 'suspended', 'pmsuspended'],
    [0, 'unknown', 'nostate'],
    [42, 'unknown', 'state 42'],
  ] as const)('state %i → %s (%s)', (state, status, nativeStatus) => {
    expect(domainStatus(state)).toEqual({ status, nativeStatus });
  });
});

describe('pools, volumes, networks, snapshots', () => {
  it('an NFS pool (netfs) becomes a storage domain with its server and export', () => {
    const xml = `<pool type='netfs'><name>nfs1</name><uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
      <source><host name='nas.example.com'/><dir path='/exports/vm'/><format type='auto'/></source>
      <target><path>/var/lib/libvirt/nfs1</path></target></pool>`;
    expect(toStorageDomain('kvm1', xml, { state: 2, capacity: 100, allocation: 40, available: 60 })).toMatchObject({
      storageType: 'netfs',
      nativeStorageType: 'netfs',
      status: 'active',
      totalBytes: 100,
      usedBytes: 40,
      availableBytes: 60,
      address: 'nas.example.com',
      path: '/var/lib/libvirt/nfs1',
    });
  });

  it.each([
    ['gluster', 'glusterfs'],
    ['rbd', 'rbd'],
    ['logical', 'logical'],
    ['iscsi', 'iscsi'],
    ['zfs', 'other'],
  ])('pool type %s → %s; an inactive pool has unknown sizes', (type, storageType) => {
    const d = toStorageDomain('kvm1', `<pool type='${type}'><name>p</name><uuid>u</uuid></pool>`, { state: 0, capacity: 0, allocation: 0, available: 0 });
    expect(d).toMatchObject({ storageType, status: 'inactive', totalBytes: undefined });
  });

  it('a volume becomes a disk (thin qcow2 → cow, sparse)', () => {
    const xml = `<volume type='file'><name>a.qcow2</name><key>/p/a.qcow2</key><capacity unit='bytes'>1073741824</capacity>
      <allocation unit='bytes'>200704</allocation><target><path>/p/a.qcow2</path><format type='qcow2'/></target></volume>`;
    expect(toDisk('kvm1', xml, { id: 'kvm1:pool', name: 'pool' })).toMatchObject({
      id: 'kvm1:/p/a.qcow2',
      provisionedBytes: 1073741824,
      actualBytes: 200704,
      format: 'cow',
      sparse: true,
      contentType: 'data',
    });
  });

  it('a network with VLAN and MTU', () => {
    const xml = `<network><name>backend</name><forward mode='bridge'/><bridge name='br1'/><mtu size='9000'/><vlan><tag id='42'/></vlan></network>`;
    expect(toNetwork('kvm1', xml, false)).toMatchObject({ id: 'kvm1:network:backend', status: 'non_operational', vlanId: 42, mtu: 9000 });
  });

  it('a snapshot with memory', () => {
    const xml = `<domainsnapshot><name>s1</name><description>d</description><state>running</state><creationTime>1700000000</creationTime></domainsnapshot>`;
    expect(toSnapshot('kvm1', { id: 'kvm1:u', name: 'vm', uuid: 'u' }, xml)).toMatchObject({
      id: 'kvm1:u/s1',
      vm: { id: 'kvm1:u' },
      persistMemory: true,
      date: new Date(1700000000 * 1000),
    });
  });
});

describe('XML the adapter writes', () => {
  it('escapes every value: a hostile name cannot add devices', () => {
    const xml = domainXml({
      name: `evil'/><disk`,
      description: '<script>&',
      type: 'kvm',
      memoryBytes: 512 * 1024 ** 2,
      cpu: { sockets: 1, cores: 2, threads: 1 },
      disks: [{ path: "/p/a'.qcow2", format: 'qcow2', bus: 'virtio', target: 'vda' }],
      cdrom: { path: '/isos/x.iso', target: 'sda', bus: 'sata' },
      nics: [{ network: 'default', model: 'virtio' }],
      graphics: { protocol: 'spice', listen: '127.0.0.1', password: 'pw' },
    });
    const facts = parseDomainXml(xml);
    expect(facts.name).toBe(`evil'/><disk`);
    expect(facts.description).toBe('<script>&');
    expect(facts.vcpus).toBe(2);
    expect(facts.memoryBytes).toBe(512 * 1024 ** 2);
    expect(facts.disks.map((d) => [d.device, d.source, d.bootOrder])).toEqual([
      ['disk', "/p/a'.qcow2", 1],
      ['cdrom', '/isos/x.iso', 2],
    ]);
    expect(facts.graphics[0]).toMatchObject({ protocol: 'spice', listen: '127.0.0.1', password: 'pw' });
  });

  it('names disk targets like libvirt: vda…vdz, vdaa', () => {
    expect([targetName('virtio', 0), targetName('virtio', 25), targetName('virtio', 26), targetName('sata', 1), targetName('ide', 0)]).toEqual([
      'vda',
      'vdz',
      'vdaa',
      'sdb',
      'hda',
    ]);
  });

  it('a copy-on-write overlay names its backing image', () => {
    const vol = parseXml(volumeXml({ name: 'v.qcow2', capacityBytes: 1024, format: 'qcow2', backing: { path: '/base.qcow2', format: 'qcow2' } }));
    expect(vol.children.find((c) => c.name === 'backingStore')?.children[0]?.text).toBe('/base.qcow2');
    expect(parseXml(snapshotXml('s', 'a < b')).children[1]!.text).toBe('a < b');
  });
});
