/**
 * Console relay benchmark: bytes per second (VM → browser, the direction a screen uses) and
 * round-trip latency, through the dashboard's relay (lib/console/relay.ts), through the relay as it
 * was before issue 21 (the baseline, taken from git in the same run), through Debian's websockify,
 * and over direct TCP, all on this machine against the same TCP target.
 *
 *   tsx scripts/bench/console.ts [--mb 64] [--rounds 2000] [--repeat 5] [--baseline <git commit>] [--only tcp|relay|baseline|websockify]
 *
 * Each relay runs in a process of its own (scripts/bench/console-relay-server.ts), as websockify
 * does and as the dashboard's server does for a real browser; the client and the "VM" share this
 * process. Throughput is the median of --repeat transfers, paths taken in turn. --only runs one
 * path (and starts nothing else), for timing whole processes against each other from outside
 * (`/usr/bin/time -v`, or a pairing timer: A B A B … on a noisy machine).
 * websockify is skipped (with a note) when it is not installed (apt-get install websockify).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

/** The last commit of lib/console before issue 21's relay work: the figure the issue replaces. */
const BEFORE_ISSUE_21 = 'ad74553';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '2000' },
    repeat: { type: 'string', default: '5' },
    baseline: { type: 'string', default: BEFORE_ISSUE_21 },
    only: { type: 'string' },
  },
});
const MB = Number(values.mb);
const ROUNDS = Number(values.rounds);
const REPEAT = Number(values.repeat);
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/**
 * The "VM": 'T' → stream MB megabytes and keep the connection open (the client closes once it has
 * them all: websockify drops what it still holds when the VM closes first); 'E' → echo everything after it.
 */
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

async function throughput(label: string, open: () => Promise<Link>): Promise<number> {
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
  if (got < total) throw new Error(`received ${got} of ${total} bytes through ${label}`);
  return total / seconds;
}

/** Round-trip times in µs of `rounds` 32-byte messages on one new connection, after 50 unmeasured ones. */
async function latency(open: () => Promise<Link>, rounds: number): Promise<number[]> {
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
  for (let i = 0; i < rounds + 50; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((r) => {
      pending = r;
      link.send(msg);
    });
    if (i >= 50) samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  link.close();
  return samples;
}

function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });
}

async function startWebsockify(targetPort: number): Promise<{ port: number; proc: ChildProcess } | undefined> {
  const port = await freePort();
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

/** CPU seconds a relay process has used so far (user + system), asked over its stdin. */
function relayCpu(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.stdout!.once('data', (line: Buffer) => resolve(Number(line.toString().trim().split(' ')[1]) / 1e6));
    proc.stdin!.write('cpu\n');
  });
}

/** CPU seconds of a process and of its children it has reaped (websockify forks one per connection). */
function procCpu(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime, stime, cutime, cstime: fields 14-17 of proc(5), counted from the state field (3) here.
  return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
}

/** A relay module in a process of its own; resolves with the URL a ticket is appended to. */
function startRelay(modulePath: string, targetPort: number): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'console-relay-server.ts'), modulePath, String(targetPort)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the relay process for ${modulePath} exited (${code})`)));
    proc.stdout!.once('data', (line: Buffer) => {
      const [port, wsPath] = line.toString().trim().split(' ');
      resolve({ url: `ws://127.0.0.1:${port}${wsPath}`, proc });
    });
  });
}

/** lib/console as it was at `ref`, copied under node_modules/.cache (so `ws` resolves); its `@/` imports point into this checkout. */
function checkoutRelay(ref: string): string | undefined {
  try {
    fs.mkdirSync('node_modules/.cache', { recursive: true });
    const dir = fs.mkdtempSync(path.resolve('node_modules/.cache/relay-baseline-'));
    const files = execFileSync('git', ['ls-tree', '--name-only', ref, 'lib/console/'], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
    for (const f of files) fs.writeFileSync(path.join(dir, path.basename(f)), execFileSync('git', ['show', `${ref}:${f}`], { encoding: 'utf8' }).replaceAll("from '@/", `from '${process.cwd()}/`));
    return path.join(dir, 'relay.ts');
  } catch {
    return undefined;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const procs: ChildProcess[] = [];

async function main() {
  const target = await startTarget();
  const targetPort = (target.address() as net.AddressInfo).port;
  const rows: { path: string; open: () => Promise<Link>; cpu?: () => Promise<number> }[] = [];
  if (!values.only || values.only === 'tcp') rows.push({ path: 'direct TCP', open: () => tcpLink(targetPort) });
  const relayVia = (url: string) => {
    let n = 0;
    return () => wsLink(`${url}?ticket=bench-${n++}`, { origin: 'http://bench.local' });
  };

  const want = (name: string) => !values.only || values.only === name;
  if (want('relay')) {
    const now = await startRelay('lib/console/relay.ts', targetPort);
    procs.push(now.proc);
    rows.push({ path: 'dashboard relay', open: relayVia(now.url), cpu: () => relayCpu(now.proc) });
  }
  const baselineModule = want('baseline') ? checkoutRelay(values.baseline) : undefined;
  if (baselineModule) {
    const before = await startRelay(baselineModule, targetPort);
    procs.push(before.proc);
    rows.push({ path: `relay at ${values.baseline.slice(0, 7)}`, open: relayVia(before.url), cpu: () => relayCpu(before.proc) });
  }
  const wsfy = want('websockify') ? await startWebsockify(targetPort) : undefined;
  if (wsfy) {
    procs.push(wsfy.proc);
    rows.push({ path: 'websockify (Debian)', open: () => wsLink(`ws://127.0.0.1:${wsfy.port}/`), cpu: async () => procCpu(wsfy.proc.pid!) });
  }

  // Paths in turn, REPEAT times, so a machine that slows down mid-run slows every path alike.
  const bps = new Map<string, number[]>(rows.map((r) => [r.path, []]));
  const cpuBefore = new Map<string, number>();
  for (const row of rows) if (row.cpu) cpuBefore.set(row.path, await row.cpu());
  for (let i = 0; i < REPEAT; i++) for (const row of rows) bps.get(row.path)!.push(await throughput(row.path, row.open));
  // The relays' own CPU time per MiB relayed: what a busy machine cannot blur the way it blurs MiB/s.
  // websockify's per-connection children are counted once it has reaped them (on SIGCHLD).
  await new Promise((r) => setTimeout(r, 500));
  const cpuPerGiB = new Map<string, number>();
  for (const row of rows) if (row.cpu) cpuPerGiB.set(row.path, ((await row.cpu()) - cpuBefore.get(row.path)!) / ((REPEAT * MB) / 1024));
  // Round trips in turn too (REPEAT blocks per path): measured one path after another, the first
  // relay's figure moved with its place in the order (two copies of the same code differed by 10 µs).
  const samples = new Map<string, number[]>(rows.map((r) => [r.path, []]));
  for (let i = 0; i < REPEAT; i++) for (const row of rows) samples.get(row.path)!.push(...(await latency(row.open, Math.ceil(ROUNDS / REPEAT))));
  const rtt = new Map<string, { median: number; p99: number }>();
  for (const [p, xs] of samples) {
    xs.sort((a, b) => a - b);
    rtt.set(p, { median: xs[Math.floor(xs.length / 2)], p99: xs[Math.floor(xs.length * 0.99)] });
  }

  const ws = wsfy ? median(bps.get('websockify (Debian)')!) : undefined;
  console.log(`\n${MB} MiB VM → browser (median of ${REPEAT}); ${ROUNDS} round trips of 32 bytes (${REPEAT} blocks, paths in turn); loopback, ${os.cpus().length} × ${os.cpus()[0]?.model}, ${new Date().toISOString()}\n`);
  console.log(`| ${'path'.padEnd(22)} | ${'MiB/s'.padStart(8)} | ${'÷ websockify'.padStart(12)} | ${'relay CPU s/GiB'.padStart(15)} | ${'RTT median µs'.padStart(13)} | ${'RTT p99 µs'.padStart(10)} |`);
  console.log(`| ${'-'.repeat(22)} | ${'-'.repeat(8)} | ${'-'.repeat(12)} | ${'-'.repeat(15)} | ${'-'.repeat(13)} | ${'-'.repeat(10)} |`);
  for (const row of rows) {
    const m = median(bps.get(row.path)!);
    const r = rtt.get(row.path)!;
    const ratio = ws ? `${((m / ws) * 100).toFixed(0)}%` : '';
    const cpu = cpuPerGiB.has(row.path) ? cpuPerGiB.get(row.path)!.toFixed(2) : '';
    console.log(`| ${row.path.padEnd(22)} | ${(m / 1048576).toFixed(1).padStart(8)} | ${ratio.padStart(12)} | ${cpu.padStart(15)} | ${r.median.toFixed(0).padStart(13)} | ${r.p99.toFixed(0).padStart(10)} |`);
  }
  if (!wsfy && want('websockify')) console.log('\n(websockify not installed: apt-get install websockify to compare)');
  if (!baselineModule && want('baseline')) console.log(`\n(no baseline: ${values.baseline} is not in this repository's history)`);

  // Waited for, so a timer of this whole process counts the relays' CPU time too.
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : (p.once('exit', r), p.kill())))));
  if (baselineModule) fs.rmSync(path.dirname(baselineModule), { recursive: true, force: true });
  target.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    for (const p of procs) p.kill();
    process.exit(1);
  },
);
