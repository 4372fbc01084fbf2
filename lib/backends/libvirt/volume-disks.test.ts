import { describe, expect, it } from 'vitest';
import { volumeDiskXml } from './volume-disks';

describe('the disk XML of a block storage volume', () => {
  it('rbd: a network disk on the SCSI bus with every monitor, the cephx user and its secret, the volume id as serial', () => {
    const xml = volumeDiskXml({
      volumeId: 'c610bfd8-ddb1-4848-83d1-c5bc55ad80a9',
      target: 'sdb',
      secretUuid: '5eed0000-cef0-4000-8000-0000000000cb',
      connection: { protocol: 'rbd', name: 'volumes/volume-c610', monitors: [{ host: '10.0.0.1', port: 6789 }, { host: '10.0.0.2', port: 6789 }], auth: { username: 'cinder' }, discard: true },
    });
    expect(xml).toBe(
      "<disk type='network' device='disk'><driver name='qemu' type='raw' cache='none' discard='unmap'/>" +
        "<source protocol='rbd' name='volumes/volume-c610'><host name='10.0.0.1' port='6789'/><host name='10.0.0.2' port='6789'/>" +
        "<auth username='cinder'><secret type='ceph' uuid='5eed0000-cef0-4000-8000-0000000000cb'/></auth></source>" +
        "<target dev='sdb' bus='scsi'/><serial>c610bfd8-ddb1-4848-83d1-c5bc55ad80a9</serial></disk>",
    );
  });

  it('iscsi: QEMU\u2019s own initiator on the portal, target/LUN as the name, CHAP through a secret', () => {
    const xml = volumeDiskXml({
      volumeId: 'v1',
      target: 'sda',
      secretUuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      connection: { protocol: 'iscsi', portal: { host: '192.0.2.5', port: 3260 }, iqn: 'iqn.2010-10.org.openstack:volume-v1', lun: 1, chap: { username: 'u', password: 'secret' }, discard: false },
    });
    expect(xml).toContain("<source protocol='iscsi' name='iqn.2010-10.org.openstack:volume-v1/1'><host name='192.0.2.5' port='3260'/>");
    expect(xml).toContain("<auth username='u'><secret type='iscsi' uuid='aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'/></auth>");
    // The CHAP password goes into the libvirt secret, never into the domain XML.
    expect(xml).not.toMatch(/>secret</);
  });

  it('a boot volume carries its boot order beside the target', () => {
    const xml = volumeDiskXml({ volumeId: 'v', target: 'sda', bootOrder: 1, connection: { protocol: 'rbd', name: 'volumes/volume-v', monitors: [{ host: 'h', port: 1 }], discard: false } });
    expect(xml).toContain("<target dev='sda' bus='scsi'/><boot order='1'/><serial>v</serial>");
  });

  it('refuses any other transport, naming it', () => {
    expect(() => volumeDiskXml({ volumeId: 'v', target: 'sda', connection: { protocol: 'unsupported', driverType: 'fibre_channel' } })).toThrow(/"fibre_channel"/);
  });

  it('escapes what the storage service sent, so an image name cannot add devices', () => {
    const xml = volumeDiskXml({ volumeId: 'v', target: 'sda', connection: { protocol: 'rbd', name: "p/x'/><disk", monitors: [{ host: 'h', port: 1 }], discard: false } });
    expect(xml).toContain("name='p/x&apos;/&gt;&lt;disk'");
  });
});
