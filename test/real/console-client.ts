// The browser's side of a console, for tests that go through the relay (lib/console/relay.ts):
// a WebSocket client speaking what noVNC and spice-html5 send.
import assert from 'node:assert/strict';
import type WebSocket from 'ws';

/** Reads exactly n bytes from the WebSocket's binary messages (fails when it closes first or after 15 s). */
export function reader(ws: WebSocket): (n: number) => Promise<Buffer> {
  let buf = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  ws.on('message', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    waiters.splice(0).forEach((w) => w());
  });
  ws.on('close', () => waiters.splice(0).forEach((w) => w()));
  return async (n: number): Promise<Buffer> => {
    const deadline = Date.now() + 15_000;
    while (buf.length < n) {
      if (ws.readyState === ws.CLOSED || Date.now() > deadline) throw new Error(`closed after ${buf.length}/${n} bytes`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 500);
      });
    }
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
}

/**
 * noVNC's side: RFB 3.8 with security type None (the relay answered the VM's password already),
 * ClientInit, one full FramebufferUpdateRequest. Returns the screen size, the desktop name and the
 * first server message type (0 = FramebufferUpdate).
 */
export async function vncSession(ws: WebSocket): Promise<{ width: number; height: number; name: string; firstMessage: number }> {
  const read = reader(ws);
  assert.equal((await read(12)).toString(), 'RFB 003.008\n');
  ws.send(Buffer.from('RFB 003.008\n'));
  assert.deepEqual([...(await read(2))], [1, 1], 'the relay offers exactly security type None');
  ws.send(Buffer.from([1]));
  assert.equal((await read(4)).readUInt32BE(0), 0, 'SecurityResult OK');
  ws.send(Buffer.from([1])); // ClientInit, shared
  const init = await read(24);
  const [width, height] = [init.readUInt16BE(0), init.readUInt16BE(2)];
  const name = (await read(init.readUInt32BE(20))).toString();
  const req = Buffer.alloc(10);
  req[0] = 3;
  req.writeUInt16BE(width, 6);
  req.writeUInt16BE(height, 8);
  ws.send(req);
  const firstMessage = (await read(1))[0]!;
  return { width, height, name, firstMessage };
}

/**
 * spice-html5's side of linking the main channel: SpiceLinkMess with AUTH_SELECTION and MINI_HEADER,
 * then the SPICE auth mechanism and a 128-byte "ticket" encrypted with no password (the relay
 * replaces it with the VM's own). Returns QEMU's SpiceLinkAuthReply code (0 = linked).
 */
export async function spiceLink(ws: WebSocket): Promise<number> {
  const read = reader(ws);
  const body = Buffer.alloc(22);
  body.writeUInt32LE(0, 0); // connection id
  body[4] = 1; // main channel
  body[5] = 0;
  body.writeUInt32LE(1, 6); // one common caps word
  body.writeUInt32LE(0, 10);
  body.writeUInt32LE(18, 14); // caps offset
  body.writeUInt32LE((1 << 0) | (1 << 1) | (1 << 3), 18); // AUTH_SELECTION, AUTH_SPICE, MINI_HEADER
  const header = Buffer.alloc(16);
  header.write('REDQ', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(body.length, 12);
  ws.send(Buffer.concat([header, body]));
  const reply = await read(16);
  assert.equal(reply.subarray(0, 4).toString('latin1'), 'REDQ');
  const replyBody = await read(reply.readUInt32LE(12));
  assert.equal(replyBody.readUInt32LE(0), 0, 'SpiceLinkReply error');
  const mechanism = Buffer.alloc(4);
  mechanism.writeUInt32LE(1, 0); // SPICE_COMMON_CAP_AUTH_SPICE
  ws.send(Buffer.concat([mechanism, Buffer.alloc(128)]));
  return (await read(4)).readUInt32LE(0);
}
