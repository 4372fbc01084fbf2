/**
 * Console relay benchmark: bytes per second (VM → browser, the direction a screen uses) and
 * round-trip latency, through the dashboard's relay (lib/console/relay.ts), through Debian's
 * websockify, and over direct TCP, all on this machine against the same TCP target.
 *
 *   tsx scripts/bench/console.ts [--mb 64] [--rounds 2000]
 *
 * websockify is skipped (with a note) when it is not installed (apt-get install websockify).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createConsoleRelay, CONSOLE_WS_PATH } from '@/lib/console/relay';
import type { RedeemedConsoleTicket } from '@/lib/console/tickets';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '64' }, rounds: { type: 'string', default: '2000' } } });
const MB = Number(values.mb);
const ROUNDS = Number(values.rounds);
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/** The "VM": 'T' → stream MB megabytes and close; 'E' → echo everything after it. */
function startTarget(): Promise<net.Server> {
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.once('data', (first: Buffer) => {
      if (first[0] === 0x54) {
        let left = MB * 1024 * 1024;
        const pump = () => {
          while (left > 0) {
            const n = Math.min(left, CHUNK.length);
            left -= n;
            if (!s.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void s.once('drain', pump);
          }
          s.end();
        };
        pump();
      } else {
        if (first.length > 1) s.write(first.subarray(1));
        s.pipe(s);
      }
    });
    s.on('error', () => {});
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

interface Link {
  send(b: Buffer): void;
  onData(cb: (b: Buffer) => void): void;
  onClose(cb: () => void): void;
  close(): void;
}

function tcpLink(port: number): Promise<Link> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () =>
      resolve({ send: (b) => s.write(b), onData: (cb) => s.on('data', cb), onClose: (cb) => s.on('close', cb), close: () => s.destroy() }),
    );
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

function wsLink(url: string, headers: Record<string, string> = {}): Promise<Link> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () =>
      resolve({
        send: (b) => ws.send(b),
        onData: (cb) => ws.on('message', (d: Buffer) => cb(d)),
        onClose: (cb) => ws.on('close', cb),
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
  });
}

async function throughput(open: () => Promise<Link>): Promise<number> {
  const link = await open();
  const total = MB * 1024 * 1024;
  let got = 0;
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    link.onData((b) => {
      got += b.length;
      if (got >= total) resolve();
    });
    link.onClose(() => resolve());
    link.send(Buffer.from('T'));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  link.close();
  if (got < total) throw new Error(`received ${got} of ${total} bytes`);
  return total / seconds;
}

async function latency(open: () => Promise<Link>): Promise<{ median: number; p99: number }> {
  const link = await open();
  link.send(Buffer.from('E'));
  const msg = Buffer.alloc(32, 1);
  let pending: (() => void) | undefined;
  let buffered = 0;
  link.onData((b) => {
    buffered += b.length;
    if (buffered >= msg.length && pending) {
      buffered -= msg.length;
      const p = pending;
      pending = undefined;
      p();
    }
  });
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS + 50; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((r) => {
      pending = r;
      link.send(msg);
    });
    if (i >= 50) samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  link.close();
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p99: samples[Math.floor(samples.length * 0.99)] };
}

async function startWebsockify(targetPort: number): Promise<{ port: number; proc: ChildProcess } | undefined> {
  const port = await new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });
  const proc = spawn('websockify', [`127.0.0.1:${port}`, `127.0.0.1:${targetPort}`], { stdio: 'ignore' });
  const failed = await new Promise<boolean>((resolve) => {
    proc.once('error', () => resolve(true));
    const deadline = Date.now() + 10_000;
    const probe = () => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => (Date.now() > deadline ? resolve(true) : setTimeout(probe, 100)));
    };
    probe();
  });
  if (failed) {
    proc.kill();
    return undefined;
  }
  return { port, proc };
}

async function main() {
  const target = await startTarget();
  const targetPort = (target.address() as net.AddressInfo).port;

  const tickets = new Map<string, RedeemedConsoleTicket>();
  const relay = createConsoleRelay({
    publicUrl: 'http://bench.local',
    trustProxy: false,
    idleTimeoutMs: 60_000,
    maxPerUser: 100,
    resolveUser: async () => ({ id: 'bench', username: 'bench', role: 'admin' }),
    redeem: async (t) => tickets.get(t) ?? null,
    audit: async () => {},
  });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const relayPort = (server.address() as net.AddressInfo).port;
  let n = 0;
  const viaRelay = () => {
    const token = `bench-${n++}`;
    // A protocol without a handshake: the relay only copies bytes, which is what is measured.
    tickets.set(token, { userId: 'bench', connectionId: 'bench', vmId: 'bench:vm', vmName: 'vm', protocol: 'raw', host: '127.0.0.1', port: targetPort, password: null });
    return wsLink(`ws://127.0.0.1:${relayPort}${CONSOLE_WS_PATH}?ticket=${token}`, { origin: 'http://bench.local' });
  };

  const wsfy = await startWebsockify(targetPort);
  const rows: { path: string; open: () => Promise<Link> }[] = [
    { path: 'direct TCP', open: () => tcpLink(targetPort) },
    { path: 'dashboard relay (ws)', open: viaRelay },
  ];
  if (wsfy) rows.push({ path: 'websockify (Debian)', open: () => wsLink(`ws://127.0.0.1:${wsfy.port}/`) });

  console.log(`\n${MB} MiB VM → browser; ${ROUNDS} round trips of 32 bytes; loopback, ${new Date().toISOString()}\n`);
  console.log(`| ${'path'.padEnd(22)} | ${'MiB/s'.padStart(8)} | ${'RTT median µs'.padStart(13)} | ${'RTT p99 µs'.padStart(10)} |`);
  console.log(`| ${'-'.repeat(22)} | ${'-'.repeat(8)} | ${'-'.repeat(13)} | ${'-'.repeat(10)} |`);
  for (const row of rows) {
    const bps = await throughput(row.open);
    const rtt = await latency(row.open);
    console.log(`| ${row.path.padEnd(22)} | ${(bps / 1048576).toFixed(1).padStart(8)} | ${rtt.median.toFixed(0).padStart(13)} | ${rtt.p99.toFixed(0).padStart(10)} |`);
  }
  if (!wsfy) console.log('\n(websockify not installed: apt-get install websockify to compare)');

  wsfy?.proc.kill();
  relay.close();
  server.close();
  target.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
