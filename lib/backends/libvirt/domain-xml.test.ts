import { describe, expect, it } from 'vitest';
import { busOf, domainXml, nextTarget, type NewDomain } from './domain-xml';
import { parseDomainXml } from './transform';

/**
 * The device targets createVm gives a new domain (writes.ts picks each with
 * nextTarget over the devices placed before it). libvirt refuses a domain
 * whose two devices share a target, so a wrong pick is a create that fails.
 */
function planned(interfaces: string[], iso: boolean): NewDomain {
  const disks: NewDomain['disks'] = [];
  for (const [i, iface] of interfaces.entries()) {
    const bus = busOf(iface);
    disks.push({ path: `/pool/d${i}.qcow2`, format: 'qcow2', bus, target: nextTarget(bus, disks.map((d) => d.target)) });
  }
  return {
    name: 'wizard-vm',
    type: 'kvm',
    memoryBytes: 1024 ** 3,
    cpu: { sockets: 1, cores: 2, threads: 1 },
    disks,
    cdrom: iso ? { path: '/isos/debian.iso', bus: 'sata', target: nextTarget('sata', disks.map((d) => d.target)) } : undefined,
    nics: [{ network: 'default', model: 'virtio' }],
  };
}

describe('new domain device targets', () => {
  it('puts the CD-ROM after a SATA disk instead of on its sda', () => {
    const facts = parseDomainXml(domainXml(planned(['sata'], true)));
    expect(facts.disks.map((d) => [d.device, d.bus, d.target])).toEqual([
      ['disk', 'sata', 'sda'],
      ['cdrom', 'sata', 'sdb'],
    ]);
  });

  it('counts virtio-scsi and SATA devices together (both are sd*) and adds the virtio-scsi controller', () => {
    const xml = domainXml(planned(['virtio_scsi', 'sata', 'virtio'], true));
    const facts = parseDomainXml(xml);
    expect(facts.disks.map((d) => d.target)).toEqual(['sda', 'sdb', 'vda', 'sdc']);
    expect(new Set(facts.disks.map((d) => d.target)).size).toBe(facts.disks.length);
    expect(xml).toContain("<controller type='scsi' index='0' model='virtio-scsi'/>");
  });

  it('keeps sda for the CD-ROM of a virtio-only VM, with no SCSI controller', () => {
    const xml = domainXml(planned(['virtio', 'virtio'], true));
    expect(parseDomainXml(xml).disks.map((d) => d.target)).toEqual(['vda', 'vdb', 'sda']);
    expect(xml).not.toContain('<controller');
  });

  it('boots the disks first, then the CD-ROM', () => {
    const facts = parseDomainXml(domainXml(planned(['virtio'], true)));
    expect(facts.disks.map((d) => d.bootOrder)).toEqual([1, 2]);
  });

  it('skips taken names anywhere in the sequence', () => {
    expect(nextTarget('sata', ['sda', 'sdc'])).toBe('sdb');
    expect(nextTarget('scsi', Array.from({ length: 26 }, (_, i) => `sd${String.fromCharCode(97 + i)}`))).toBe('sdaa');
    expect(nextTarget('ide', ['vda', 'sda'])).toBe('hda');
  });
});
