import { describe, expect, it } from 'vitest';
import { migrationUri, parseLibvirtUri } from './uri';

describe('parseLibvirtUri', () => {
  it.each([
    ['qemu:///system', { transport: 'unix', driverUri: 'qemu:///system', host: undefined, socketPaths: ['/var/run/libvirt/virtqemud-sock', '/var/run/libvirt/libvirt-sock'] }],
    ['qemu+ssh://root@kvm1.example.com/system', { transport: 'ssh', driverUri: 'qemu:///system', host: 'kvm1.example.com', user: 'root', port: undefined }],
    ['qemu+ssh://admin@10.0.0.5:2222/system?keyfile=/etc/virtdash/id_ed25519', { transport: 'ssh', port: 2222, keyFile: '/etc/virtdash/id_ed25519', driverUri: 'qemu:///system' }],
    ['qemu+tcp://10.0.0.5/system', { transport: 'tcp', host: '10.0.0.5', port: 16509 }],
    ['qemu+tls://kvm1/system?no_verify=1', { transport: 'tls', host: 'kvm1', port: 16514, noVerify: true, driverUri: 'qemu:///system' }],
    ['qemu://kvm1/system', { transport: 'tls', host: 'kvm1', port: 16514 }],
    ['qemu+tcp://[fd00::5]:16600/system', { transport: 'tcp', host: 'fd00::5', port: 16600 }],
    ['test+unix:///tmp/node.xml?socket=/tmp/s/libvirt-sock', { transport: 'unix', driverUri: 'test:///tmp/node.xml', socketPaths: ['/tmp/s/libvirt-sock'] }],
    ['test:///default', { transport: 'unix', driverUri: 'test:///default', socketPaths: ['/var/run/libvirt/libvirt-sock'] }],
    ['qemu+ssh://root@kvm1/system?cluster=rack-a&mode=legacy', { cluster: 'rack-a', driverUri: 'qemu:///system' }],
    ['qemu+tcp://kvm1/system?foo=bar', { driverUri: 'qemu:///system?foo=bar' }],
  ] as const)('%s', (uri, expected) => {
    expect(parseLibvirtUri(uri)).toMatchObject(expected);
  });

  it.each([
    ['an https URL', 'https://engine.example.com'],
    ['a client-only driver', 'esx://vcenter/'],
    ['an unknown transport', 'qemu+foo://kvm1/system'],
    ['a remote transport without a host', 'qemu+tcp:///system'],
    ['a bad port', 'qemu+tcp://kvm1:99999/system'],
    ['no scheme', 'kvm1'],
  ])('refuses %s with invalid_input', (_what, uri) => {
    expect(() => parseLibvirtUri(uri)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('migrationUri', () => {
  it.each([
    // Our own parameters go; libvirt's stay (the source daemon's client reads them).
    ['qemu+tcp://kvm2:16510/system?cluster=rack-a', 'qemu+tcp://kvm2:16510/system'],
    ['qemu+ssh://root@kvm2/system?cluster=rack-a&keyfile=/root/.ssh/id&connector_ip=10.0.0.2', 'qemu+ssh://root@kvm2/system?keyfile=%2Froot%2F.ssh%2Fid'],
    ['qemu+tls://kvm2/system', 'qemu+tls://kvm2/system'],
    // The operator's own: the peers reach this host on another network or transport.
    [`qemu+tcp://kvm2/system?cluster=a&migrate_uri=${encodeURIComponent('qemu+tls://kvm2.storage.lan/system')}`, 'qemu+tls://kvm2.storage.lan/system'],
  ])('%s → %s', (uri, expected) => {
    expect(migrationUri(uri)).toBe(expected);
  });

  it('refuses a migrate_uri that is not a libvirt URI', () => {
    expect(() => migrationUri('qemu+tcp://kvm2/system?migrate_uri=http%3A%2F%2Fx')).toThrow(/not a libvirt URI/);
  });
});
