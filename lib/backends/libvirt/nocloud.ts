/**
 * cloud-init's NoCloud seed for libvirt VMs: `user-data` and `meta-data` on an ISO 9660 image
 * labelled "cidata", written by the dashboard itself (no genisoimage/xorriso on the dashboard's
 * host) and attached to the VM as a CD-ROM. Pure: bytes in, bytes out.
 *
 * The image is plain ISO 9660 (level 1 names, one root directory, no Rock Ridge/Joliet): Linux
 * mounts it with its default `map=normal`, which shows "USER-DATA.;1" as "user-data", and
 * cloud-init finds the volume by its label. That is all a NoCloud seed needs.
 */
import type { CloudInitSpec } from '../types';

const SECTOR = 2048;

/** The cloud-config the guest applies: JSON-quoted scalars are valid YAML, so no value can break out. */
export function userData(spec: CloudInitSpec): string {
  const q = (v: string) => JSON.stringify(v);
  const lines = ['#cloud-config'];
  if (spec.hostname) lines.push(`hostname: ${q(spec.hostname)}`);
  if (spec.timezone) lines.push(`timezone: ${q(spec.timezone)}`);
  const keys = (spec.sshAuthorizedKeys ?? '')
    .split('\n')
    .map((k) => k.trim())
    .filter(Boolean);
  if (spec.username) {
    // A named user beside the image's default one, with the key and sudo, as oVirt's initialization does.
    lines.push('users:', '  - default', `  - name: ${q(spec.username)}`, '    sudo: "ALL=(ALL) NOPASSWD:ALL"', '    shell: /bin/bash');
    if (keys.length) lines.push('    ssh_authorized_keys:', ...keys.map((k) => `      - ${q(k)}`));
  } else if (keys.length) {
    // No user named: the key goes to the image's default user (debian, ubuntu, cloud-user…).
    lines.push('ssh_authorized_keys:', ...keys.map((k) => `  - ${q(k)}`));
  }
  if (spec.password) {
    lines.push('chpasswd:', '  expire: false', '  users:', `    - name: ${q(spec.username ?? 'root')}`, `      password: ${q(spec.password)}`, '      type: text');
    lines.push('ssh_pwauth: true');
  }
  return `${lines.join('\n')}\n`;
}

export function metaData(instanceId: string, hostname?: string): string {
  return `instance-id: ${JSON.stringify(instanceId)}\n${hostname ? `local-hostname: ${JSON.stringify(hostname)}\n` : ''}`;
}

// ----- ISO 9660 ----------------------------------------------------------------

function both32(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32LE(value, offset);
  buf.writeUInt32BE(value, offset + 4);
}

function both16(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt16LE(value, offset);
  buf.writeUInt16BE(value, offset + 2);
}

function text(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value.padEnd(length, ' ').slice(0, length), offset, length, 'ascii');
}

/** ECMA-119 9.1.5: seven bytes (years since 1900 … seconds, GMT offset in 15 minutes). */
function recordDate(buf: Buffer, offset: number, d: Date): void {
  buf.writeUInt8(d.getUTCFullYear() - 1900, offset);
  buf.writeUInt8(d.getUTCMonth() + 1, offset + 1);
  buf.writeUInt8(d.getUTCDate(), offset + 2);
  buf.writeUInt8(d.getUTCHours(), offset + 3);
  buf.writeUInt8(d.getUTCMinutes(), offset + 4);
  buf.writeUInt8(d.getUTCSeconds(), offset + 5);
  buf.writeUInt8(0, offset + 6);
}

/** ECMA-119 8.4.26.1: "YYYYMMDDHHMMSScc" and a GMT offset byte. */
function volumeDate(buf: Buffer, offset: number, d: Date | null): void {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const s = d
    ? `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}00`
    : '0000000000000000';
  buf.write(s, offset, 16, 'ascii');
  buf.writeUInt8(0, offset + 16);
}

function dirRecord(id: Buffer, extent: number, size: number, isDir: boolean, date: Date): Buffer {
  const length = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(length);
  r.writeUInt8(length, 0);
  both32(r, 2, extent);
  both32(r, 10, size);
  recordDate(r, 18, date);
  r.writeUInt8(isDir ? 2 : 0, 25);
  both16(r, 28, 1);
  r.writeUInt8(id.length, 32);
  id.copy(r, 33);
  return r;
}

/** The ISO 9660 level 1 name of a file: upper case, with the period and version (ECMA-119 7.5). */
export function isoName(name: string): string {
  const upper = name.toUpperCase().replace(/[^A-Z0-9_-]/g, '_');
  return `${upper}.;1`;
}

/**
 * A single-directory ISO 9660 image holding `files` (name → bytes) with volume label `label`.
 * Layout: 16 empty system sectors, the primary volume descriptor (16), the terminator (17), the
 * L and M path tables (18, 19), the root directory (20), then each file from sector 21.
 */
export function isoImage(label: string, files: ReadonlyArray<{ name: string; data: Buffer }>, date = new Date()): Buffer {
  const ROOT = 20;
  let next = ROOT + 1;
  const placed = files.map((f) => {
    const extent = next;
    next += Math.max(1, Math.ceil(f.data.length / SECTOR));
    return { ...f, extent };
  });
  const records = [
    dirRecord(Buffer.from([0]), ROOT, SECTOR, true, date),
    dirRecord(Buffer.from([1]), ROOT, SECTOR, true, date),
    ...placed.map((f) => dirRecord(Buffer.from(isoName(f.name), 'ascii'), f.extent, f.data.length, false, date)),
  ];
  const rootBytes = Buffer.concat(records);
  if (rootBytes.length > SECTOR) throw new Error('Too many files for one directory sector.');
  const image = Buffer.alloc(next * SECTOR);

  const pvd = image.subarray(16 * SECTOR, 17 * SECTOR);
  pvd.writeUInt8(1, 0);
  pvd.write('CD001', 1, 'ascii');
  pvd.writeUInt8(1, 6);
  text(pvd, 8, 32, '');
  // The label as genisoimage -V writes it (not upper-cased): cloud-init looks for "cidata" or "CIDATA".
  text(pvd, 40, 32, label);
  both32(pvd, 80, next);
  both16(pvd, 120, 1);
  both16(pvd, 124, 1);
  both16(pvd, 128, SECTOR);
  both32(pvd, 132, 10);
  pvd.writeUInt32LE(18, 140);
  pvd.writeUInt32BE(19, 148);
  records[0].copy(pvd, 156);
  for (const [offset, length] of [
    [190, 128],
    [318, 128],
    [446, 128],
    [574, 128],
    [702, 37],
    [739, 37],
    [776, 37],
  ] as const)
    text(pvd, offset, length, '');
  text(pvd, 574, 128, 'VIRTDASH');
  volumeDate(pvd, 813, date);
  volumeDate(pvd, 830, date);
  volumeDate(pvd, 847, null);
  volumeDate(pvd, 864, null);
  pvd.writeUInt8(1, 881);

  const term = image.subarray(17 * SECTOR, 18 * SECTOR);
  term.writeUInt8(255, 0);
  term.write('CD001', 1, 'ascii');
  term.writeUInt8(1, 6);

  // Path tables: the root directory only (identifier 0x00, parent 1), 10 bytes each.
  const l = image.subarray(18 * SECTOR);
  l.writeUInt8(1, 0);
  l.writeUInt32LE(ROOT, 2);
  l.writeUInt16LE(1, 6);
  const m = image.subarray(19 * SECTOR);
  m.writeUInt8(1, 0);
  m.writeUInt32BE(ROOT, 2);
  m.writeUInt16BE(1, 6);

  rootBytes.copy(image, ROOT * SECTOR);
  for (const f of placed) f.data.copy(image, f.extent * SECTOR);
  return image;
}

/** The seed image for one VM. */
export function noCloudSeed(spec: CloudInitSpec, instanceId: string): Buffer {
  return isoImage('cidata', [
    { name: 'meta-data', data: Buffer.from(metaData(instanceId, spec.hostname)) },
    { name: 'user-data', data: Buffer.from(userData(spec)) },
  ]);
}
