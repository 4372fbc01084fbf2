import { describe, expect, it } from 'vitest';
import { domainXml, setDomainElement, snapshotXml, type NewDomain } from './domain-xml';
import { parseDomainXml } from './transform';
import { parseXml, textOf } from './xml';

// Text users type ends up inside domain XML that is sent back to libvirt (domainDefineXML). What
// String.replace reads as a pattern ($& the match, $1 a group, $` and $' around it) or XML reads as
// markup (<, &, quotes) must arrive as the same text, and the rest of the document must survive.
const NASTY = [
  'costs $& and $1 and $$ and $` and $\'',
  '<devices></devices> & &amp; "double" \'single\'',
  '测试虚拟机：数据库服务器（生产）',
  '$&</description><on_crash>restart</on_crash><description>',
];

// As libvirt returns an inactive definition: with a description, and without one.
const DEFINED = `<domain type='kvm'>
  <name>web-1</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <description>old text</description>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <on_crash>destroy</on_crash>
  <devices><disk type='file' device='disk'><source file='/pool/web-1.qcow2'/><target dev='vda' bus='virtio'/></disk></devices>
</domain>`;
const WITHOUT = DEFINED.replace(/\s*<description>.*<\/description>/, '');

describe('libvirt XML edits keep user text as text', () => {
  it.each(NASTY)('sets the description %j exactly, and nothing else', (text) => {
    for (const xml of [DEFINED, WITHOUT]) {
      const edited = setDomainElement(xml, 'description', text);
      const facts = parseDomainXml(edited);
      expect(facts.description).toBe(text);
      expect(facts.name).toBe('web-1');
      expect(facts.disks.map((d) => d.target)).toEqual(['vda']);
      const dom = parseXml(edited);
      expect(dom.children.filter((c) => c.name === 'description')).toHaveLength(1);
      expect(textOf(dom, 'on_crash')).toBe('destroy');
    }
  });

  it('replaces a value with attributes ($ in the new value included)', () => {
    const edited = setDomainElement(DEFINED, 'memory', '2097152', { unit: 'KiB' });
    expect(edited).toContain("<memory unit='KiB'>2097152</memory>");
    expect(edited).toContain("<currentMemory unit='KiB'>1048576</currentMemory>");
  });

  it.each(NASTY)('writes a new domain and a snapshot named and described %j', (text) => {
    const d: NewDomain = { name: text, description: text, type: 'kvm', memoryBytes: 1024 ** 3, cpu: { sockets: 1, cores: 1, threads: 1 }, disks: [], nics: [] };
    const facts = parseDomainXml(domainXml(d));
    expect(facts).toMatchObject({ name: text, description: text });
    const snap = parseXml(snapshotXml(text, text));
    expect(textOf(snap, 'name')).toBe(text);
    expect(textOf(snap, 'description')).toBe(text);
  });
});
