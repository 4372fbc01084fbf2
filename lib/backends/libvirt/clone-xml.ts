import { child, children, parseXml, toXml, type XmlElement } from './xml';

/** Where each copied disk of the clone lives: by the source's file path, or by "pool/volume". */
export interface ClonedDisks {
  byPath: Map<string, string>;
  byVolume: Map<string, { pool: string; volume: string }>;
}

/**
 * The definition of a full clone, from the source's INACTIVE XML (what virt-clone changes): the new
 * name; no <uuid> and no <mac> (libvirt generates both, MACs in its 52:54:00 range); each disk
 * pointing at its copy; a new console password (the clone must not open with the source's); no
 * NVRAM path (libvirt makes the clone its own from the firmware template); and without the
 * cloud-init seed made for the source (`isSeed`), which belongs to that VM and goes with it.
 * A disk that was not copied stays shared only if it is read-only (an ISO); anything else throws.
 */
export function cloneDomainXml(xml: string, spec: { name: string; password: string; disks: ClonedDisks; isSeed: (disk: XmlElement) => boolean }): string {
  const dom = parseXml(xml);
  const name = child(dom, 'name');
  if (!name) throw new SyntaxError('domain XML without <name>');
  name.text = spec.name;
  name.children = [];
  dom.children = dom.children.filter((c) => c.name !== 'uuid');
  const os = child(dom, 'os');
  if (os) os.children = os.children.filter((c) => c.name !== 'nvram');
  const devices = child(dom, 'devices');
  if (devices) {
    devices.children = devices.children.filter((d) => !(d.name === 'disk' && spec.isSeed(d)));
    for (const disk of children(devices, 'disk')) {
      const source = child(disk, 'source');
      if (!source) continue; // an empty CD-ROM drive
      const copiedPath = source.attrs.file ? spec.disks.byPath.get(source.attrs.file) : undefined;
      const copiedVolume = source.attrs.pool && source.attrs.volume ? spec.disks.byVolume.get(`${source.attrs.pool}/${source.attrs.volume}`) : undefined;
      if (copiedPath) source.attrs.file = copiedPath;
      else if (copiedVolume) Object.assign(source.attrs, copiedVolume);
      else if (disk.attrs.device !== 'cdrom' && !child(disk, 'readonly')) {
        throw new Error(`disk ${child(disk, 'target')?.attrs.dev ?? '?'} was not copied`);
      }
    }
    for (const nic of children(devices, 'interface')) nic.children = nic.children.filter((c) => c.name !== 'mac' && c.name !== 'target');
    for (const g of children(devices, 'graphics')) {
      if ('passwd' in g.attrs) g.attrs.passwd = spec.password;
      if (g.attrs.autoport === 'yes') {
        delete g.attrs.port;
        delete g.attrs.tlsPort;
      }
    }
  }
  return toXml(dom);
}
