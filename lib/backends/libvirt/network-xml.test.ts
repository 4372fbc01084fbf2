import { describe, expect, it } from 'vitest';
import { virtualInfoOf, virtualNetworkXml } from './network-xml';
import { parseXml } from './xml';

describe('libvirt network XML', () => {
  it.each([
    [`<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>`,
      { mode: 'nat', bridge: 'virbr0', ipv4: { address: '192.168.122.1', prefix: 24, dhcp: { start: '192.168.122.2', end: '192.168.122.254' } } }],
    [`<network><name>iso</name><bridge name='virbr9'/><ip address='10.9.0.1' prefix='16'/></network>`, { mode: 'isolated', bridge: 'virbr9', ipv4: { address: '10.9.0.1', prefix: 16 } }],
    [`<network><name>r</name><forward mode='route' dev='eth1'/><ip address='10.1.0.1' prefix='24'/></network>`, { mode: 'route', forwardDev: 'eth1', ipv4: { address: '10.1.0.1', prefix: 24 } }],
    [`<network><name>o</name><forward mode='open'/><ip address='10.2.0.1' prefix='24'/></network>`, { mode: 'open', ipv4: { address: '10.2.0.1', prefix: 24 } }],
    [`<network><name>br</name><forward mode='bridge'/><bridge name='br0'/></network>`, { mode: 'bridge', bridge: 'br0' }],
  ])('reads %s', (xml, info) => {
    expect(virtualInfoOf(parseXml(xml))).toEqual(info);
  });

  it('writes what it reads back, with names escaped', () => {
    const input = { name: 'lab', mode: 'nat' as const, ipv4: { address: '10.3.0.1', prefix: 24, dhcp: { start: '10.3.0.10', end: '10.3.0.20' } } };
    const xml = virtualNetworkXml(input);
    expect(virtualInfoOf(parseXml(xml))).toEqual({ mode: 'nat', ipv4: input.ipv4 });
    expect(virtualNetworkXml({ name: "a'<b", mode: 'bridge', bridge: 'br0' })).toContain('<name>a&apos;&lt;b</name>');
  });
});
