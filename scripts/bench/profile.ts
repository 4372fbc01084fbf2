/**
 * Where the render time and the memory go, per page kind, under load.
 *
 *   npx next build && npx tsx scripts/bench/profile.ts [--users 20] [--seconds 15] [--out DIR] [--dir CHECKOUT]
 *
 * Starts the production server of CHECKOUT (default: this one) in demo mode on the large estate
 * with the V8 inspector on loopback, signs in `--users` sessions, and then, for each page kind
 * (overview, VM list, VM detail, hosts, storage, events), has the readers load only that page for
 * `--seconds` while the CPU profiler runs in the dashboard process (Profiler over the inspector,
 * the same profile --cpu-prof writes). For each kind it prints pages/s, p95, the CPU seconds of the
 * dashboard and of the demo engine (from /proc: the engine is measured apart), and the top frames
 * by self time and by inclusive time; the .cpuprofile files land in --out (open them in Chrome's
 * DevTools or speedscope). Around the whole run it takes the heap's statistics after a full GC and
 * a sampling heap profile (what is still held, by allocation site), and at the end it weighs the
 * shared read cache's values against the cache's own size estimate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { cpuSeconds, loadAverage, round, rssMb, signInMany, startServer, vmIds, waitForHealth, type Page } from './load-lib';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    out: { type: 'string', default: '/tmp/virtdash-profile' },
    dir: { type: 'string', default: '.' },
    top: { type: 'string', default: '12' },
    only: { type: 'string' },
  },
});
const PORT = Number(process.env.BENCH_PORT || 3386);
const INSPECT_PORT = Number(process.env.BENCH_INSPECT_PORT || PORT + 3);

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

class Inspector {
  private next = 1;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error) w?.reject(new Error(msg.error.message));
      else w?.resolve(msg.result);
    });
  }
  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const ws = new WebSocket(targets[0].webSocketDebuggerUrl, { maxPayload: 2 ** 31 - 1 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }
  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }
  close() {
    this.ws.close();
  }
}

/** A frame's name for the summary: function, file (from the package or the app on), line. */
function frameName(f: CallFrame): string {
  const url = f.url.replace(/^file:\/\//, '');
  let where = url;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) where = url.slice(nm + 'node_modules/'.length);
  else if (url.includes('/.next/')) where = url.slice(url.indexOf('/.next/') + 1);
  else if (url.startsWith('/')) where = path.relative(path.resolve(args.dir!), url);
  return `${f.functionName || '(anonymous)'} ${where ? `${where}:${f.lineNumber + 1}` : ''}`.trim();
}

function summarize(profile: CpuProfile, top: number): { self: [string, number][]; total: [string, number][]; sampledMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per node from the samples and their deltas (µs).
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    sampled += us;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // Inclusive: every distinct frame on the stack once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = frameName(byId.get(cur)!.callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
  const skip = /^\((root|program|idle)\)/;
  const sorted = (m: Map<string, number>) =>
    [...m]
      .filter(([n]) => !skip.test(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([n, us]) => [n, Math.round(us / 1000)] as [string, number]);
  return { self: sorted(self), total: sorted(total), sampledMs: Math.round(sampled / 1000) };
}

const KINDS: { kind: string; pages: Page[] }[] = [
  { kind: 'overview', pages: ['/'] },
  { kind: 'vm-list', pages: ['/vms'] },
  { kind: 'vm-detail', pages: ['vm'] },
  { kind: 'hosts', pages: ['/hosts'] },
  { kind: 'storage', pages: ['/storage'] },
  { kind: 'events', pages: ['/events'] },
];

async function heapFigures(inspector: Inspector): Promise<string> {
  await inspector.send('HeapProfiler.collectGarbage');
  const { result } = await inspector.send<{ result: { value: string } }>('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  });
  const m = JSON.parse(result.value) as Record<string, number>;
  return Object.entries(m)
    .map(([k, v]) => `${k} ${Math.round(v / 1048576)} MB`)
    .join(', ');
}

/**
 * Whether the shared read cache's size estimate (approxBytes: JSON length × 2) is near what its
 * values hold on the heap: one more copy of every stored value (structuredClone: the same shapes,
 * fresh objects and strings), measured as the heap's growth between two full collections.
 */
async function cacheHonesty(inspector: Inspector): Promise<string> {
  const run = async (expression: string) =>
    (await inspector.send<{ result: { value: unknown } }>('Runtime.evaluate', { expression, returnByValue: true })).result.value;
  const used = async () => {
    await inspector.send('HeapProfiler.collectGarbage');
    return Number(await run('process.memoryUsage().heapUsed'));
  };
  const { entries, estimated } = (await run(
    `(() => { const es = [...globalThis.__virtdashBackendCache.entries.values()].filter((e) => e.value !== undefined);
       return { entries: es.length, estimated: es.reduce((s, e) => s + e.bytes, 0) }; })()`,
  )) as { entries: number; estimated: number };
  const before = await used();
  await run(`globalThis.__benchCopy = [...globalThis.__virtdashBackendCache.entries.values()].filter((e) => e.value !== undefined).map((e) => structuredClone(e.value)), 0`);
  const after = await used();
  await run('globalThis.__benchCopy = undefined, 0');
  const mb = (b: number) => (b / 1048576).toFixed(1);
  return `shared read cache: ${entries} values, estimated ${mb(estimated)} MB (approxBytes); a copy of them takes ${mb(after - before)} MB of heap (×${((after - before) / Math.max(1, estimated)).toFixed(2)} the estimate)`;
}

interface SamplingNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SamplingNode[];
}

function heapTop(head: SamplingNode, top: number): [string, number][] {
  const self = new Map<string, number>();
  const walk = (n: SamplingNode, stack: string[]) => {
    const name = frameName(n.callFrame);
    const here = [...stack, name];
    if (n.selfSize) {
      // Attribute to the innermost frame of the app or a package that is not the runtime's own.
      const key = here.slice(-3).join(' ← ');
      self.set(key, (self.get(key) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, here);
  };
  walk(head, []);
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([n, b]) => [n, Math.round(b / 1048576)]);
}

async function main() {
  fs.mkdirSync(args.out!, { recursive: true });
  const server = startServer({ dir: path.resolve(args.dir!), port: PORT, nodeArgs: [`--inspect=127.0.0.1:${INSPECT_PORT}`] });
  const top = Number(args.top);
  try {
    await waitForHealth(server.base);
    const inspector = await Inspector.connect(INSPECT_PORT);
    await inspector.send('Profiler.enable');
    await inspector.send('HeapProfiler.enable');
    const users = Number(args.users);
    const cookies = await signInMany(server.base, users);
    const ids = await vmIds(server.base, cookies[0]);
    console.log(`${ids.length} VM ids; load average ${loadAverage()}`);
    console.log(`heap at start (after GC): ${await heapFigures(inspector)}; RSS ${rssMb(server.pid())} MB`);
    // Sampling heap profile over the whole run: what is allocated and still held at its end.
    await inspector.send('HeapProfiler.startSampling', { samplingInterval: 64 * 1024 });
    const kinds = args.only ? KINDS.filter((k) => args.only!.split(',').includes(k.kind)) : KINDS;
    for (const { kind, pages } of kinds) {
      // A short warm-up so the first compile of each page is not what is measured.
      await round({ label: 'warm-up', base: server.base, pid: server.pid(), users, seconds: 3, cookies, ids, pages });
      await inspector.send('Profiler.setSamplingInterval', { interval: 500 });
      await inspector.send('Profiler.start');
      const cpu0 = cpuSeconds(server.pid());
      const r = await round({ label: kind, base: server.base, pid: server.pid(), users, seconds: Number(args.seconds), cookies, ids, pages });
      const cpu1 = cpuSeconds(server.pid());
      const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
      fs.writeFileSync(path.join(args.out!, `${kind}.cpuprofile`), JSON.stringify(profile));
      const s = summarize(profile, top);
      const perPage = (sec: number) => (r.requests ? Math.round((sec * 1000) / r.requests) : NaN);
      console.log(
        `\n## ${kind}: ${r.pagesPerSecond} pages/s, p50 ${r.p50} ms, p95 ${r.p95} ms, ${r.errors} errors, ${Math.round(r.meanBytes / 1024)} KB a page; ` +
          `CPU per page: dashboard ${perPage(cpu1.dashboard - cpu0.dashboard)} ms, demo fakes ${perPage(cpu1.fakes - cpu0.fakes)} ms; load average ${r.loadAverage}`,
      );
      console.log(`self time (ms of ${s.sampledMs} sampled):`);
      for (const [n, ms] of s.self) console.log(`  ${String(ms).padStart(6)}  ${n}`);
      console.log('inclusive time:');
      for (const [n, ms] of s.total) console.log(`  ${String(ms).padStart(6)}  ${n}`);
    }
    const { profile: heap } = await inspector.send<{ profile: { head: SamplingNode } }>('HeapProfiler.stopSampling');
    fs.writeFileSync(path.join(args.out!, 'run.heapprofile'), JSON.stringify(heap));
    console.log(`\nheap at end (after GC): ${await heapFigures(inspector)}; RSS ${rssMb(server.pid())} MB`);
    console.log('held at the end, by allocation site (MB, sampled):');
    for (const [n, mb] of heapTop(heap.head, top)) console.log(`  ${String(mb).padStart(5)}  ${n}`);
    console.log(await cacheHonesty(inspector));
    inspector.close();
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
