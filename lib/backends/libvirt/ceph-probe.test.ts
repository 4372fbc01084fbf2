import { describe, expect, it } from 'vitest';
import { PROBE_MOUNT_TIMEOUT_S, connectedThenNoPool, probeFailure, probePoolXml, rbdDisksOf, typedMonitor } from './ceph-probe';

const monitors = [
  { host: '10.0.0.1', port: 16789 },
  { host: '10.0.0.2', port: 3300 },
];

describe('the Ceph access probe (a transient rbd pool)', () => {
  it('types each monitor address: v2 on 3300, v1 elsewhere, IPv6 in brackets, host names left to Ceph', () => {
    expect(typedMonitor({ host: '10.0.0.1', port: 6789 })).toBe('v1:10.0.0.1:6789');
    expect(typedMonitor({ host: '10.0.0.1', port: 16789 })).toBe('v1:10.0.0.1:16789');
    expect(typedMonitor({ host: '10.0.0.2', port: 3300 })).toBe('v2:10.0.0.2:3300');
    expect(typedMonitor({ host: 'fd00::1', port: 6789 })).toBe('v1:[fd00::1]:6789');
    expect(typedMonitor({ host: 'mon1.example', port: 6789 })).toBeUndefined();
  });

  it('the pool opens the volume\u2019s Ceph pool as its user with the secret, a short mount timeout and typed monitors', () => {
    const xml = probePoolXml({ name: 'virtdash-ceph-probe-1', cephPool: 'volumes', monitors, username: 'cinder', secretUuid: '5eed0000-cef0-4000-8000-0000000000cb' });
    expect(xml).toBe(
      "<pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'><name>virtdash-ceph-probe-1</name>" +
        "<source><name>volumes</name><host name='10.0.0.1' port='16789'/><host name='10.0.0.2' port='3300'/>" +
        "<auth type='ceph' username='cinder'><secret uuid='5eed0000-cef0-4000-8000-0000000000cb'/></auth></source>" +
        `<rbd:config_opts><rbd:option name='client_mount_timeout' value='${PROBE_MOUNT_TIMEOUT_S}'/>` +
        "<rbd:option name='mon_host' value='v1:10.0.0.1:16789,v2:10.0.0.2:3300'/></rbd:config_opts></pool>",
    );
  });

  it('keeps libvirt\u2019s own monitor list when one monitor is a host name, and escapes every value', () => {
    const xml = probePoolXml({ name: 'p', cephPool: "vol'umes", monitors: [{ host: 'mon1.example', port: 6789 }, monitors[0]!], username: 'a<b', secretUuid: 'u' });
    expect(xml).not.toContain("name='mon_host'");
    expect(xml).toContain('<name>vol&apos;umes</name>');
    expect(xml).toContain("username='a&lt;b'");
  });

  const words = 'failed to connect to the RADOS monitor on: 10.0.0.1:16789,10.0.0.2:3300,: No such file or directory';

  it('a quick "failed to connect" is the monitors refusing the key: auth_failed, naming user and monitors, with libvirt\u2019s words', () => {
    const error = probeFailure({ libvirtWords: words, elapsedMs: 60, monitors, username: 'cinder', consequence: 'Nothing was attached.' });
    expect(error.code).toBe('auth_failed');
    expect(error.detail).toContain('The Ceph monitors at 10.0.0.1:16789, 10.0.0.2:3300 refused the user "client.cinder"');
    expect(error.detail).toContain(`(libvirt: ${words})`);
    expect(error.detail).toContain('Nothing was attached.');
  });

  it('a "failed to connect" after the mount timeout is no monitor answering: unreachable', () => {
    const error = probeFailure({ libvirtWords: words, elapsedMs: PROBE_MOUNT_TIMEOUT_S * 1000 + 50, monitors, username: 'cinder', consequence: 'Nothing was attached.' });
    expect(error.code).toBe('unreachable');
    expect(error.detail).toContain(`No Ceph monitor at 10.0.0.1:16789, 10.0.0.2:3300 let the user "client.cinder" in within ${PROBE_MOUNT_TIMEOUT_S} s`);
  });

  it('any other failure keeps libvirt\u2019s words and what was not done', () => {
    const other = 'Secret not found: no secret with matching uuid 5eed0000-cef0-4000-8000-0000000000cb';
    const error = probeFailure({ libvirtWords: other, elapsedMs: 40, monitors, username: 'cinder', consequence: 'The VM was not started.' });
    expect(error.code).toBe('backend_error');
    expect(error.detail).toContain('could not connect to Ceph at 10.0.0.1:16789, 10.0.0.2:3300 as the user "client.cinder"');
    expect(error.detail).toContain(other);
    expect(error.detail).toContain('The VM was not started.');
  });

  it('the missing pool it names is the proof the connection stood (libvirt connects, then opens the pool)', () => {
    expect(connectedThenNoPool("failed to create the RBD IoCTX. Does the pool 'virtdash-no-such-pool-1' exist?: No such file or directory")).toBe(true);
    expect(connectedThenNoPool(words)).toBe(false);
  });
});

describe('the rbd disks of a domain a start proves first', () => {
  it('reads monitors, user, Ceph image and secret uuid of each cephx rbd disk; other disks are left out', () => {
    const xml =
      "<domain type='kvm'><name>vm</name><devices>" +
      "<disk type='file' device='disk'><source file='/var/lib/libvirt/images/a.qcow2'/><target dev='vda'/></disk>" +
      "<disk type='network' device='disk'><source protocol='rbd' name='volumes/volume-1'><host name='10.0.0.1' port='16789'/><host name='10.0.0.2'/>" +
      "<auth username='cinder'><secret type='ceph' uuid='5eed0000-cef0-4000-8000-0000000000cb'/></auth></source><target dev='sda' bus='scsi'/></disk>" +
      "<disk type='network' device='disk'><source protocol='rbd' name='volumes/volume-2'><host name='10.0.0.1' port='6789'/></source><target dev='sdb' bus='scsi'/></disk>" +
      "<disk type='network' device='disk'><source protocol='rbd' name='volumes/volume-3'><host name='10.0.0.1' port='6789'/>" +
      "<auth username='cinder'><secret type='ceph' usage='client.cinder secret'/></auth></source><target dev='sdc' bus='scsi'/></disk>" +
      "<disk type='network' device='disk'><source protocol='iscsi' name='iqn.x/1'><host name='10.0.0.9' port='3260'/></source><target dev='sdd' bus='scsi'/></disk>" +
      '</devices></domain>';
    expect(rbdDisksOf(xml)).toEqual([
      {
        connection: { protocol: 'rbd', name: 'volumes/volume-1', monitors: [{ host: '10.0.0.1', port: 16789 }, { host: '10.0.0.2', port: 6789 }], auth: { username: 'cinder' }, discard: false },
        secretUuid: '5eed0000-cef0-4000-8000-0000000000cb',
      },
    ]);
  });
});
