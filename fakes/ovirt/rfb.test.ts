import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRfbServer, vncResponse, type RfbServer } from './rfb';
import { screenColors, SCREEN_H, SCREEN_W } from './rfb-screen';

let server: RfbServer;

function client() {
  const s = net.connect(server.port, '127.0.0.1');
  let buf = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  s.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    waiters.splice(0).forEach((w) => w());
  });
  s.on('close', () => waiters.splice(0).forEach((w) => w()));
  const read = async (n: number) => {
    while (buf.length < n) {
      if (s.destroyed) throw new Error('closed');
      await new Promise<void>((r) => waiters.push(r));
    }
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
  return { s, read };
}

async function login(password: string) {
  const c = client();
  expect((await c.read(12)).toString()).toBe('RFB 003.008\n');
  c.s.write('RFB 003.008\n');
  expect([...(await c.read(2))]).toEqual([1, 2]);
  c.s.write(Buffer.from([2]));
  c.s.write(vncResponse(await c.read(16), password));
  return { ...c, result: (await c.read(4)).readUInt32BE(0) };
}

describe('demo RFB server', () => {
  beforeAll(async () => {
    server = await startRfbServer({
      authenticate: (challenge, response) => (vncResponse(challenge, 'ticket-1').equals(response) ? { name: 'web-01' } : undefined),
      tickMs: 50,
    });
  });
  afterAll(() => server.close());

  it('refuses a wrong password with the RFB 3.8 reason', async () => {
    const c = await login('nope');
    expect(c.result).toBe(1);
    expect((await c.read((await c.read(4)).readUInt32BE(0))).toString()).toBe('Authentication failed');
  });

  it('serves the VM\'s screen in the pixel format the client asks for', async () => {
    const c = await login('ticket-1');
    expect(c.result).toBe(0);
    c.s.write(Buffer.from([1]));
    const init = await c.read(24);
    expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([SCREEN_W, SCREEN_H]);
    expect((await c.read(init.readUInt32BE(20))).toString()).toBe('web-01');
    // noVNC's format: 32 bpp, little-endian, red at shift 0, blue at 16.
    const pf = Buffer.alloc(20);
    pf[0] = 0;
    pf[4] = 32;
    pf[5] = 24;
    pf[6] = 0;
    pf[7] = 1;
    pf.writeUInt16BE(255, 8);
    pf.writeUInt16BE(255, 10);
    pf.writeUInt16BE(255, 12);
    pf[14] = 0;
    pf[15] = 8;
    pf[16] = 16;
    const req = Buffer.alloc(10);
    req[0] = 3;
    req.writeUInt16BE(SCREEN_W, 6);
    req.writeUInt16BE(SCREEN_H, 8);
    c.s.write(Buffer.concat([pf, req]));
    const head = await c.read(16);
    expect([head[0], head.readUInt16BE(2), head.readUInt16BE(8), head.readUInt16BE(10), head.readInt32BE(12)]).toEqual([0, 1, SCREEN_W, SCREEN_H, 0]);
    const px = await c.read(SCREEN_W * SCREEN_H * 4);
    const i = (399 * SCREEN_W + 639) * 4;
    expect([px[i], px[i + 1], px[i + 2]]).toEqual(screenColors('web-01').background);

    // A key press redraws only the keys line, as an incremental update.
    req[1] = 1;
    c.s.write(Buffer.concat([Buffer.from([4, 1, 0, 0, 0, 0, 0xff, 0xff]), req]));
    const upd = await c.read(16);
    expect(upd.readUInt16BE(10)).toBeLessThan(SCREEN_H);
    c.s.destroy();
  });
});
