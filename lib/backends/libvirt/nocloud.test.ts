import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoImage, noCloudSeed, userData } from './nocloud';

const SECTOR = 2048;

/** Reads the image back the way a mount does: the volume label, then the root directory's files. */
function readIso(image: Buffer): { label: string; files: Map<string, string> } {
  const pvd = image.subarray(16 * SECTOR, 17 * SECTOR);
  expect(pvd.toString('ascii', 1, 6)).toBe('CD001');
  expect(image.readUInt8(17 * SECTOR)).toBe(255); // the set terminator follows
  expect(pvd.readUInt32LE(80)).toBe(image.length / SECTOR);
  const rootExtent = pvd.readUInt32LE(156 + 2);
  const rootSize = pvd.readUInt32LE(156 + 10);
  const dir = image.subarray(rootExtent * SECTOR, rootExtent * SECTOR + rootSize);
  const files = new Map<string, string>();
  for (let at = 0; at < dir.length && dir[at] > 0; at += dir[at]) {
    const idLength = dir[at + 32];
    const id = dir.toString('ascii', at + 33, at + 33 + idLength);
    if (dir[at + 25] & 2) continue;
    const extent = dir.readUInt32LE(at + 2);
    const size = dir.readUInt32LE(at + 10);
    expect(dir.readUInt32BE(at + 6)).toBe(extent); // both-endian fields agree
    files.set(id, image.toString('utf8', extent * SECTOR, extent * SECTOR + size));
  }
  return { label: pvd.toString('ascii', 40, 72).trim(), files };
}

describe('NoCloud seed image', () => {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr alice@laptop';
  const seed = noCloudSeed({ hostname: 'web-1', sshAuthorizedKeys: key }, 'iid-42');

  it('is an ISO 9660 volume labelled cidata with meta-data and user-data', () => {
    const { label, files } = readIso(seed);
    expect(label).toBe('cidata');
    expect([...files.keys()].sort()).toEqual(['META-DATA.;1', 'USER-DATA.;1']);
    expect(files.get('META-DATA.;1')).toBe('instance-id: "iid-42"\nlocal-hostname: "web-1"\n');
    expect(files.get('USER-DATA.;1')).toBe(`#cloud-config\nhostname: "web-1"\nssh_authorized_keys:\n  - "${key}"\n`);
  });

  it('places a file larger than a sector over as many sectors as it needs', () => {
    const big = Buffer.alloc(5000, 'x');
    const { files } = readIso(isoImage('cidata', [{ name: 'user-data', data: big }, { name: 'meta-data', data: Buffer.from('m') }]));
    expect(files.get('USER-DATA.;1')).toBe(big.toString());
    expect(files.get('META-DATA.;1')).toBe('m');
  });

  it('quotes every value, so a hostname or key cannot add YAML of its own', () => {
    const text = userData({ hostname: 'a\nruncmd: [reboot]', sshAuthorizedKeys: 'ssh-ed25519 AAAA x"\n  - evil', username: 'ops', password: 'p: w' });
    expect(text).not.toMatch(/^runcmd/m);
    expect(text).toContain('hostname: "a\\nruncmd: [reboot]"');
    expect(text).toContain('  - name: "ops"');
    expect(text).toContain('      password: "p: w"');
  });

  // genisoimage's isoinfo (in .ci/packages) reads it as any ISO tool would.
  it.runIf(fs.existsSync('/usr/bin/isoinfo'))('reads back with isoinfo', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-')), 'seed.iso');
    fs.writeFileSync(file, seed);
    expect(execFileSync('isoinfo', ['-d', '-i', file], { encoding: 'utf8' })).toMatch(/Volume id: cidata/);
    expect(execFileSync('isoinfo', ['-i', file, '-x', '/USER-DATA.;1'], { encoding: 'utf8' })).toContain(key);
  });
});
