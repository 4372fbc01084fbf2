import { describe, expect, it } from 'vitest';
import { bootOrderOf, consoleOf, MissingBootDevice, setBootOrder, setConsole } from './vm-settings-xml';
import { children, child, parseXml, toXml } from './xml';

const perDevice = `<domain type='kvm'><name>a</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='/p/a.qcow2'/><target dev='vda' bus='virtio'/><boot order='1'/></disk>
<disk type='file' device='disk'><source file='/p/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>
<disk type='file' device='cdrom'><source file='/p/x.iso'/><target dev='sda' bus='sata'/><readonly/><boot order='2'/></disk>
<interface type='network'><source network='default'/><model type='virtio'/></interface>
<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='s3cret' websocket='-1'><listen type='address' address='127.0.0.1'/></graphics>
</devices></domain>`;

const osWay = `<domain type='kvm'><name>b</name><os><type>hvm</type><loader readonly='yes'>/x.fd</loader><boot dev='hd'/><boot dev='cdrom'/><bootmenu enable='no'/></os><devices>
<disk type='file' device='disk'><source file='/p/c.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>`;

describe('libvirt boot order in the domain XML', () => {
  it('reads per-device orders and <os><boot> entries; neither means the disk', () => {
    expect(bootOrderOf(parseXml(perDevice))).toEqual(['hd', 'cdrom']);
    expect(bootOrderOf(parseXml(osWay))).toEqual(['hd', 'cdrom']);
    expect(bootOrderOf(parseXml(`<domain><os><type>hvm</type></os><devices/></domain>`))).toEqual(['hd']);
  });

  it('keeps per-device orders: the boot disk, the first CD-ROM and NIC get them, nothing else does', () => {
    const doc = parseXml(perDevice);
    setBootOrder(doc, ['network', 'hd']);
    expect(bootOrderOf(doc)).toEqual(['network', 'hd']);
    const xml = toXml(doc);
    expect(xml).not.toMatch(/<boot dev=/);
    const disks = children(child(doc, 'devices'), 'disk');
    expect(child(disks[0], 'boot')?.attrs.order).toBe('2');
    expect(child(disks[1], 'boot')).toBeUndefined();
    expect(child(disks[2], 'boot')).toBeUndefined();
    expect(child(child(doc, 'devices'), 'interface', 'boot')?.attrs.order).toBe('1');
  });

  it('rewrites <os><boot> entries in place, never adding per-device orders', () => {
    const doc = parseXml(osWay);
    setBootOrder(doc, ['cdrom', 'network', 'hd']);
    expect(bootOrderOf(doc)).toEqual(['cdrom', 'network', 'hd']);
    expect(child(doc, 'os')!.children.map((c) => c.name)).toEqual(['type', 'loader', 'boot', 'boot', 'boot', 'bootmenu']);
    expect(toXml(doc)).not.toMatch(/order=/);
  });

  it('refuses a device kind the VM does not have, in per-device mode', () => {
    const doc = parseXml(perDevice.replace(/<interface[\s\S]*?<\/interface>/, ''));
    expect(() => setBootOrder(doc, ['network'])).toThrow(MissingBootDevice);
  });
});

describe('libvirt console type in the domain XML', () => {
  it('turns VNC into SPICE keeping listen address and password, dropping VNC-only settings', () => {
    const doc = parseXml(perDevice);
    expect(consoleOf(doc)).toBe('vnc');
    expect(setConsole(doc, 'spice')).toBe(true);
    const g = child(doc, 'devices', 'graphics')!;
    expect(g.attrs).toEqual({ type: 'spice', autoport: 'yes', listen: '127.0.0.1', passwd: 's3cret' });
    expect(g.children.map((c) => c.name)).toEqual(['listen']);
    expect(consoleOf(doc)).toBe('spice');
  });

  it('says so when the domain has no graphical console', () => {
    expect(setConsole(parseXml(osWay), 'vnc')).toBe(false);
  });
});
