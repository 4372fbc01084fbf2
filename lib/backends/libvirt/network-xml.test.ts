import { describe, expect, it } from 'vitest';
import { virtualInfoOf, virtualNetworkXml, withBandwidth } from './network-xml';
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

  it('writes and reads <bandwidth>; replacing it keeps the rest of the definition', () => {
    const bandwidth = { inbound: { average: 1000, peak: 5000, burst: 1024 }, outbound: { average: 128 } };
    const xml = virtualNetworkXml({ name: 'bw', mode: 'isolated', ipv4: { address: '10.4.0.1', prefix: 24 }, bandwidth });
    expect(xml).toContain("<bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128'/></bandwidth>");
    expect(virtualInfoOf(parseXml(xml)).bandwidth).toEqual(bandwidth);
    const defined = parseXml(`<network>\n  <name>bw</name>\n  <uuid>0b5c1a0e-0000-4000-8000-000000000001</uuid>\n  <bandwidth><inbound average='1'/></bandwidth>\n  <ip address='10.4.0.1' prefix='24'><dhcp><range start='10.4.0.10' end='10.4.0.20'/></dhcp></ip>\n</network>`);
    const changed = parseXml(withBandwidth(defined, { outbound: { average: 64, peak: 128 } }));
    expect(virtualInfoOf(changed)).toEqual({ mode: 'isolated', ipv4: { address: '10.4.0.1', prefix: 24, dhcp: { start: '10.4.0.10', end: '10.4.0.20' } }, bandwidth: { outbound: { average: 64, peak: 128 } } });
    expect(changed.children.map((c) => c.name)).toEqual(['name', 'uuid', 'ip', 'bandwidth']);
    expect(virtualInfoOf(parseXml(withBandwidth(defined, null))).bandwidth).toBeUndefined();
  });
});
