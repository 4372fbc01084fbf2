/**
 * Domain, volume and snapshot XML the adapter writes (the toApi half). Pure:
 * every value goes through `esc`, so a VM name cannot inject devices.
 */
import type { ConsoleProtocol, CpuTopology } from '@/lib/domain';
import { esc } from './xml';

export interface NewDomain {
  name: string;
  uuid?: string;
  description?: string;
  /** 'kvm' with hardware virtualisation, 'qemu' (TCG) without, 'test' for the test driver. */
  type: string;
  memoryBytes: number;
  cpu: CpuTopology;
  disks: Array<{ path: string; format: string; bus: string; target: string }>;
  cdrom?: { path: string; target: string; bus: string };
  /** cloud-init's NoCloud seed (nocloud.ts), a second read-only CD-ROM the VM never boots from. */
  seed?: { path: string; target: string; bus: string };
  nics: Array<{ network: string; model: string }>;
  graphics?: { protocol: ConsoleProtocol; listen: string; password: string };
}

/**
 * Every disk element of a new domain is written here (file-backed pool volumes and CD-ROMs). A
 * network disk (a Cinder RBD volume: `<disk type='network'><source protocol='rbd' …>`) would be one
 * more branch beside these, fed by the attachment's connection info.
 */
export function domainXml(d: NewDomain): string {
  const vcpus = d.cpu.sockets * d.cpu.cores * d.cpu.threads;
  const kib = Math.ceil(d.memoryBytes / 1024);
  const lines = [
    `<domain type='${esc(d.type)}'>`,
    `  <name>${esc(d.name)}</name>`,
    ...(d.uuid ? [`  <uuid>${esc(d.uuid)}</uuid>`] : []),
    ...(d.description ? [`  <description>${esc(d.description)}</description>`] : []),
    `  <memory unit='KiB'>${kib}</memory>`,
    `  <currentMemory unit='KiB'>${kib}</currentMemory>`,
    `  <vcpu placement='static'>${vcpus}</vcpu>`,
    `  <os><type arch='x86_64'>hvm</type></os>`,
    `  <features><acpi/><apic/></features>`,
    `  <cpu><topology sockets='${d.cpu.sockets}' cores='${d.cpu.cores}' threads='${d.cpu.threads}'/></cpu>`,
    `  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>`,
    `  <devices>`,
  ];
  let order = 1;
  for (const disk of d.disks) {
    lines.push(
      `    <disk type='file' device='disk'><driver name='qemu' type='${esc(disk.format)}'/><source file='${esc(disk.path)}'/>` +
        `<target dev='${esc(disk.target)}' bus='${esc(disk.bus)}'/><boot order='${order++}'/></disk>`,
    );
  }
  if (d.cdrom) {
    lines.push(
      `    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${esc(d.cdrom.path)}'/>` +
        `<target dev='${esc(d.cdrom.target)}' bus='${esc(d.cdrom.bus)}'/><readonly/><boot order='${order++}'/></disk>`,
    );
  }
  if (d.seed) {
    lines.push(
      `    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${esc(d.seed.path)}'/>` +
        `<target dev='${esc(d.seed.target)}' bus='${esc(d.seed.bus)}'/><readonly/></disk>`,
    );
  }
  // The wizard's "virtio_scsi" means this controller; without it libvirt would add an emulated LSI one.
  if ([...d.disks, ...(d.cdrom ? [d.cdrom] : [])].some((x) => x.bus === 'scsi')) lines.push(`    <controller type='scsi' index='0' model='virtio-scsi'/>`);
  for (const nic of d.nics) {
    lines.push(`    <interface type='network'><source network='${esc(nic.network)}'/><model type='${esc(nic.model)}'/></interface>`);
  }
  if (d.graphics) {
    const g = d.graphics;
    lines.push(
      `    <graphics type='${g.protocol}' autoport='yes' listen='${esc(g.listen)}' passwd='${esc(g.password)}'><listen type='address' address='${esc(g.listen)}'/></graphics>`,
      `    <video><model type='${g.protocol === 'spice' ? 'qxl' : 'vga'}'/></video>`,
    );
  }
  // A serial port with the console on it, as virt-install gives every guest: the dashboard's serial
  // console (virDomainOpenConsole) needs one, and so do cloud images that log in on ttyS0.
  lines.push(`    <serial type='pty'><target port='0'/></serial>`, `    <console type='pty'><target type='serial' port='0'/></console>`);
  lines.push(`    <memballoon model='virtio'/>`, `  </devices>`, `</domain>`);
  return lines.join('\n');
}

/** Disk target names in bus order: vda, vdb … (virtio), sda … (scsi/sata), hda … (ide). */
export function targetName(bus: string, index: number): string {
  const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd';
  let n = index;
  let suffix = '';
  do {
    suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return prefix + suffix;
}

/** libvirt's bus for a wizard disk interface: virtio-scsi and SATA disks both appear as sd*. */
export function busOf(diskInterface: string | undefined): string {
  return diskInterface === 'virtio_scsi' ? 'scsi' : diskInterface === 'sata' ? 'sata' : diskInterface === 'ide' ? 'ide' : 'virtio';
}

/**
 * The first target name of `bus`'s family that no device in `used` has.
 * SCSI and SATA share the sd* names, so counting per bus would give a SATA
 * CD-ROM the sda of a virtio-scsi disk (libvirt then refuses the domain).
 */
export function nextTarget(bus: string, used: readonly string[]): string {
  const taken = new Set(used);
  for (let i = 0; ; i++) {
    const name = targetName(bus, i);
    if (!taken.has(name)) return name;
  }
}

export interface NewVolume {
  name: string;
  capacityBytes: number;
  format: 'qcow2' | 'raw' | 'iso';
  /** Preallocate (raw, thick) instead of growing on write. */
  preallocate?: boolean;
  /** Copy-on-write overlay over this base image path. */
  backing?: { path: string; format: string };
}

export function volumeXml(v: NewVolume): string {
  return [
    `<volume>`,
    `  <name>${esc(v.name)}</name>`,
    `  <capacity unit='bytes'>${Math.trunc(v.capacityBytes)}</capacity>`,
    `  <allocation unit='bytes'>${v.preallocate ? Math.trunc(v.capacityBytes) : 0}</allocation>`,
    `  <target><format type='${v.format === 'iso' ? 'raw' : v.format}'/></target>`,
    ...(v.backing ? [`  <backingStore><path>${esc(v.backing.path)}</path><format type='${esc(v.backing.format)}'/></backingStore>`] : []),
    `</volume>`,
  ].join('\n');
}

export function snapshotXml(name: string, description?: string): string {
  return `<domainsnapshot><name>${esc(name)}</name>${description ? `<description>${esc(description)}</description>` : ''}</domainsnapshot>`;
}

/**
 * Replaces the text of a top-level domain element (adding it after <name> when missing), for
 * edits of a definition libvirt returned. The value is escaped here, and every String.replace
 * takes a function: a replacement STRING would read `$&`, `$1`, `` $` `` and `$'` in a user's
 * description as patterns and rewrite the surrounding XML.
 */
export function setDomainElement(xml: string, name: string, value: string, attrs: Record<string, string> = {}): string {
  const re = new RegExp(`<${name}(\\s[^>]*)?>[\\s\\S]*?</${name}>|<${name}(\\s[^>]*)?/>`);
  const attrText = Object.entries(attrs)
    .map(([k, v]) => ` ${k}='${esc(v)}'`)
    .join('');
  const element = `<${name}${attrText}>${esc(value)}</${name}>`;
  return re.test(xml) ? xml.replace(re, () => element) : xml.replace(/<\/name>/, () => `</name>\n  ${element}`);
}
