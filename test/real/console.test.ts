// The console relay against real QEMU consoles (libvirtd from scripts/real/libvirt.sh): VNC with
// a password that the relay answers itself, and SPICE whose link the relay re-encrypts with the
// VM's own RSA key. The browser side is a WebSocket client speaking what noVNC and spice-html5 send.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConsoleRelay, CONSOLE_WS_PATH } from '@/lib/console/relay';
import type { RedeemedConsoleTicket } from '@/lib/console/tickets';
import { reader, spiceLink as linkMainChannel, vncSession } from './console-client';
import { realEnv } from './env';

const env = realEnv('console (real qemu)', ['LIBVIRT_QEMU_URI'] as const);
const run = promisify(execFile);
const suffix = `${process.pid}`;
const PASSWORD = 'Vd-s3crt'; // VNC passwords are at most 8 characters

async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 });
  return stdout;
}

function domainXml(name: string, type: 'vnc' | 'spice'): string {
  return `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
 <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
 <devices><graphics type='${type}' port='-1' autoport='yes' listen='127.0.0.1' passwd='${PASSWORD}'/>
  <video><model type='${type === 'spice' ? 'qxl' : 'vga'}'/></video><memballoon model='none'/></devices></domain>`;
}

async function startGuest(name: string, type: 'vnc' | 'spice'): Promise<number> {
  const file = `/tmp/${name}.xml`;
  await import('node:fs/promises').then((fs) => fs.writeFile(file, domainXml(name, type)));
  await virsh('define', file);
  await virsh('start', name);
  const xml = await virsh('dumpxml', name);
  const port = new RegExp(`graphics type='${type}' port='(\\d+)'`).exec(xml)?.[1];
  if (!port) throw new Error(`no ${type} port in the live XML of ${name}`);
  return Number(port);
}

async function removeGuest(name: string): Promise<void> {
  await virsh('destroy', name).catch(() => {});
  await virsh('undefine', name).catch(() => {});
}

describe.skipIf(!env)('console relay against real QEMU', () => {
  const vncName = `vd-console-vnc-${suffix}`;
  const spiceName = `vd-console-spice-${suffix}`;
  let vncPort = 0;
  let spicePort = 0;
  let server: http.Server;
  let base = '';
  const tickets = new Map<string, RedeemedConsoleTicket>();
  let leaseCount = 0;
  const relay = createConsoleRelay({
    publicUrl: 'http://dash.test',
    trustProxy: false,
    idleTimeoutMs: 60_000,
    maxPerUser: 4,
    resolveUser: async () => ({ id: 'u1', username: 'tester', role: 'admin' }),
    // The ticket store has its own tests; here it is the VM end that matters.
    redeem: async (token) => {
      const t = tickets.get(token);
      tickets.delete(token);
      return t ?? null;
    },
    audit: async () => {},
    // The limit across instances has its own tests (test/db/console-leases.test.ts); this suite
    // has no database, so its leases are counted here.
    leases: {
      acquire: async () => `lease-${++leaseCount}`,
      renew: async () => {},
      release: async () => {},
      count: async () => 0,
    },
  });

  const open = (protocol: 'vnc' | 'spice', port: number, password: string, name: string) => {
    const token = `t-${Math.random().toString(36).slice(2)}`;
    tickets.set(token, { userId: 'u1', connectionId: 'real', vmId: `real:${name}`, vmName: name, protocol, host: '127.0.0.1', port, password });
    return new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base}${CONSOLE_WS_PATH}?ticket=${token}`, ['binary'], { headers: { origin: 'http://dash.test' } });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  };

  beforeAll(async () => {
    await removeGuest(vncName);
    await removeGuest(spiceName);
    [vncPort, spicePort] = await Promise.all([startGuest(vncName, 'vnc'), startGuest(spiceName, 'spice')]);
    server = http.createServer();
    server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    relay.close();
    server?.close();
    await removeGuest(vncName);
    await removeGuest(spiceName);
  }, 120_000);

  it('VNC: the relay authenticates with the password; the browser gets QEMU\'s screen', async () => {
    const ws = await open('vnc', vncPort, PASSWORD, vncName);
    const screen = await vncSession(ws);
    expect(screen.width).toBeGreaterThan(0);
    expect(screen.height).toBeGreaterThan(0);
    expect(screen.name).toContain(vncName);
    expect(screen.firstMessage).toBe(0); // FramebufferUpdate
    ws.close();
  });

  it('VNC: a wrong password comes back to the browser as QEMU\'s refusal', async () => {
    const ws = await open('vnc', vncPort, 'wrong-pw', vncName);
    const read = reader(ws);
    await read(12);
    ws.send(Buffer.from('RFB 003.008\n'));
    expect((await read(1))[0]).toBe(0);
    const reason = (await read((await read(4)).readUInt32BE(0))).toString();
    expect(reason).toMatch(/refused the console password/);
  });

  async function spiceLink(password: string): Promise<number> {
    const ws = await open('spice', spicePort, password, spiceName);
    const result = await linkMainChannel(ws);
    ws.close();
    return result;
  }

  it('SPICE: the relay puts the password into the link; QEMU accepts the channel', async () => {
    expect(await spiceLink(PASSWORD)).toBe(0);
  });

  it('SPICE: with a wrong password QEMU refuses the channel', async () => {
    expect(await spiceLink('wrong-pw')).not.toBe(0);
  });
});
