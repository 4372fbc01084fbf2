import { describe, expect, it } from 'vitest';
import type { Vm } from '@/lib/domain';
import { withGuestAddresses, type AddressesByMac } from './guest-addresses';

const vm = (over: Partial<Vm> = {}): Vm => ({
  id: 'kvm:u1',
  nativeId: 'u1',
  connectionId: 'kvm',
  name: 'web01',
  status: 'running',
  nativeStatus: 'running',
  nics: [
    { id: 'kvm:u1/52:54:00:aa:bb:01', nativeId: 'u1/52:54:00:aa:bb:01', connectionId: 'kvm', name: 'nic1', mac: '52:54:00:AA:BB:01' },
    { id: 'kvm:u1/52:54:00:aa:bb:02', nativeId: 'u1/52:54:00:aa:bb:02', connectionId: 'kvm', name: 'nic2', mac: '52:54:00:aa:bb:02' },
  ],
  ...over,
});

describe('libvirt guest addresses matched to NICs', () => {
  it('matches by MAC whatever its case, IPv4 before IPv6 in the flat list, the lease hostname as FQDN', () => {
    const byMac: AddressesByMac = new Map([
      ['52:54:00:aa:bb:01', { ipv4: ['192.168.122.10'], ipv6: ['fd00::10'], hostname: 'web01' }],
      ['52:54:00:aa:bb:02', { ipv4: ['10.0.0.7'], ipv6: [], name: 'ens4' }],
      ['52:54:00:ff:ff:ff', { ipv4: ['192.168.122.99'], ipv6: [] }],
    ]);
    const out = withGuestAddresses(vm(), byMac);
    expect(out.guestInterfaces).toEqual([
      { name: 'nic1', mac: '52:54:00:AA:BB:01', ipv4: ['192.168.122.10'], ipv6: ['fd00::10'] },
      { name: 'ens4', mac: '52:54:00:aa:bb:02', ipv4: ['10.0.0.7'], ipv6: [] },
    ]);
    expect(out.ips).toEqual(['192.168.122.10', '10.0.0.7', 'fd00::10']);
    expect(out.fqdn).toBe('web01');
  });

  it('another VM’s lease is not this VM’s address; nothing matched leaves the VM as it was', () => {
    const original = vm();
    const out = withGuestAddresses(original, new Map([['52:54:00:ff:ff:ff', { ipv4: ['192.168.122.99'], ipv6: [] }]]));
    expect(out).toBe(original);
    expect(out.ips).toBeUndefined();
  });

  it('an interface the agent lists without any address is not shown as one', () => {
    const out = withGuestAddresses(vm(), new Map([['52:54:00:aa:bb:01', { ipv4: [], ipv6: [], name: 'eth0' }]]));
    expect(out.guestInterfaces).toBeUndefined();
  });
});
