import { describe, expect, it } from 'vitest';
import { bandwidthOfFields, bandwidthSchema, hostNetworkSetupSchema } from './network';

const ID = 'conn1:00000000-0000-4000-8000-000000000001';
const setup = (ipv4: unknown, ipv6?: unknown) => ({
  modifiedBonds: [], removedBonds: [], removedAttachments: [], synchronizedAttachments: [], checkConnectivity: true, commitOnSuccess: true,
  modifiedAttachments: [{ networkId: ID, nicName: 'eth0', ipv4, ...(ipv6 ? { ipv6 } : {}) }],
});
const firstError = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error!.issues[0]!.message);

describe('host network setup: IPv6 per attachment', () => {
  const v4 = { bootProtocol: 'dhcp' };
  it('takes a static IPv6 address with a prefix and gateway, and the address-less protocols', () => {
    expect(hostNetworkSetupSchema.safeParse(setup(v4, { bootProtocol: 'static', address: '2001:db8::15', netmask: '64', gateway: 'fe80::1' })).success).toBe(true);
    for (const p of ['none', 'autoconf', 'dhcp', 'poly_dhcp_autoconf']) expect(hostNetworkSetupSchema.safeParse(setup(v4, { bootProtocol: p })).success).toBe(true);
  });
  it.each([
    [{ bootProtocol: 'static', address: '10.0.0.1', netmask: '64' }, 'networks.errors.address6Invalid'],
    [{ bootProtocol: 'static', address: '2001:db8::1::2', netmask: '64' }, 'networks.errors.address6Invalid'],
    [{ bootProtocol: 'static', address: '2001:db8::1' }, 'networks.errors.prefix6Invalid'],
    [{ bootProtocol: 'static', address: '2001:db8::1', netmask: '129' }, 'networks.errors.prefix6Invalid'],
    [{ bootProtocol: 'static', address: '2001:db8::1', netmask: '64', gateway: '10.0.0.1' }, 'networks.errors.gatewayInvalid'],
  ])('refuses %j', (ipv6, message) => {
    expect(firstError(hostNetworkSetupSchema.safeParse(setup(v4, ipv6)))).toBe(message);
  });
  it('keeps IPv4 slots IPv4', () => {
    expect(firstError(hostNetworkSetupSchema.safeParse(setup({ bootProtocol: 'static', address: '2001:db8::1', netmask: '64' })))).toBe('networks.errors.addressInvalid');
  });
});

describe('libvirt bandwidth fields', () => {
  it('become the directions that have an average; empty fields are no limit', () => {
    const parsed = bandwidthSchema.parse({ id: ID, inAverage: '1000', inPeak: '2000', inBurst: '', outAverage: '', outPeak: '', outBurst: '' });
    expect(bandwidthOfFields(parsed)).toEqual({ inbound: { average: 1000, peak: 2000 } });
    expect(bandwidthOfFields(bandwidthSchema.parse({ id: ID }))).toBeUndefined();
  });
  it('refuses a peak or burst without an average, and non-numbers', () => {
    const r = bandwidthSchema.safeParse({ id: ID, outPeak: '700' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['outAverage'], message: 'networks.errors.averageRequired' });
    expect(firstError(bandwidthSchema.safeParse({ id: ID, inAverage: '1.5' }))).toBe('networks.errors.rateInvalid');
  });
});
