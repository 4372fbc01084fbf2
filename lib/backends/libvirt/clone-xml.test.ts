import { describe, expect, it } from 'vitest';
import { cloneDomainXml } from './clone-xml';
import { parseDomainXml } from './transform';
import { child, type XmlElement } from './xml';

// An inactive definition as libvirtd 9 answers it (virsh dumpxml --inactive --security-info), trimmed.
const SOURCE = `<domain type='qemu'>
  <name>web01</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e1001</uuid>
  <description>front &amp; back</description>
  <memory unit='KiB'>65536</memory>
  <vcpu placement='static'>1</vcpu>
  <os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type><nvram>/var/lib/libvirt/qemu/nvram/web01_VARS.fd</nvram></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/pool/web01-disk0.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='data' volume='web01-data.img'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/isos/debian.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/pool/web01-cidata.iso'/>
      <target dev='sdb' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:12:34:56'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='oldpass1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
  </devices>
</domain>`;

const disks = {
  byPath: new Map([['/pool/web01-disk0.qcow2', '/pool/web02-disk0.qcow2']]),
  byVolume: new Map([['data/web01-data.img', { pool: 'data', volume: 'web02-disk1.img' }]]),
};
const isSeed = (d: XmlElement) => child(d, 'source')?.attrs.file === '/pool/web01-cidata.iso';

describe('the definition of a full clone', () => {
  it('new name, no UUID, no MAC, disks on their copies, the ISO kept, the seed and NVRAM path dropped, a new console password', () => {
    const out = cloneDomainXml(SOURCE, { name: 'web02', password: 'newpass1', disks, isSeed });
    const facts = parseDomainXml(out);
    expect(facts.name).toBe('web02');
    expect(facts.uuid).toBe('');
    expect(out).not.toContain('6695eb01');
    expect(facts.description).toBe('front & back');
    expect(facts.nics).toHaveLength(1);
    expect(facts.nics[0]!.mac).toBeUndefined();
    expect(facts.nics[0]!.network).toBe('default');
    expect(facts.disks.map((d) => d.source ?? `${d.pool}/${d.volume}`)).toEqual(['/pool/web02-disk0.qcow2', 'data/web02-disk1.img', '/isos/debian.iso']);
    expect(out).not.toContain('cidata');
    expect(out).not.toContain('nvram');
    expect(facts.graphics[0]!.password).toBe('newpass1');
    expect(out).not.toContain('oldpass1');
  });

  it('a writable disk that was not copied is never shared with the clone', () => {
    expect(() => cloneDomainXml(SOURCE, { name: 'web02', password: 'x', disks: { byPath: new Map(), byVolume: disks.byVolume }, isSeed })).toThrow(/vda was not copied/);
  });
});
