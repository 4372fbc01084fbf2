/**
 * How long the oVirt adapter takes to give up, in figures (the tests only check WHICH limit fired,
 * never an upper bound on time):
 *
 *   npx tsx --conditions=react-server scripts/bench/timeouts.ts [rounds]
 *
 * - connect timeout: a configured 300 ms towards an address that never completes the handshake
 *   (test/fixtures/blackhole.ts);
 * - request timeout: a configured 400 ms against the demo engine answering 2 s late;
 * - the same slow engine with no request limit, for comparison (the call waits out the latency).
 *
 * Each line prints min / median / max over the rounds and the overshoot past the limit (timer and
 * socket teardown cost); on an idle machine the overshoot is a few ms, on a loaded CI box more.
 */
import { DEFAULT_USERS, startOvirtEngine } from '@/fakes/ovirt/server';
import { createBackend } from '@/lib/backends/factory';
import type { BackendRuntimeOptions } from '@/lib/backends';
import { startBlackhole } from '@/test/fixtures/blackhole';

const rounds = Math.max(3, Number(process.argv[2] ?? 10));
const admin = DEFAULT_USERS.find((u) => u.admin)!;

async function elapsed(call: () => Promise<unknown>): Promise<{ ms: number; outcome: string }> {
  const started = performance.now();
  const outcome = await call().then(
    () => 'ok',
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
  return { ms: performance.now() - started, outcome };
}

function line(what: string, limitMs: number | null, samples: Array<{ ms: number; outcome: string }>): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const outcomes = [...new Set(samples.map((s) => s.outcome))].join(',');
  const over = limitMs === null ? '' : `  overshoot median ${(median - limitMs).toFixed(1)} ms`;
  return `${what.padEnd(44)} min ${ms[0].toFixed(1).padStart(7)}  median ${median.toFixed(1).padStart(7)}  max ${ms[ms.length - 1].toFixed(1).padStart(7)} ms  (${outcomes})${over}`;
}

async function main(): Promise<void> {
  const hole = await startBlackhole();
  const engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01, backgroundEvents: false });
  const ovirt = (url: string, runtime: BackendRuntimeOptions) =>
    createBackend({ id: 'bench', kind: 'ovirt', name: 'bench', url, username: admin.username, password: admin.password }, runtime);
  try {
    const connect: Array<{ ms: number; outcome: string }> = [];
    for (let i = 0; i < rounds; i++) {
      const b = ovirt(`http://127.0.0.1:${hole.port}`, { timeouts: { connectMs: 300 } });
      connect.push(await elapsed(() => b.listVms!({ page: 1, pageSize: 5 })));
      await b.close();
    }
    console.log(line('connect timeout 300 ms (blackhole)', 300, connect));

    const limited = ovirt(engine.url, { timeouts: { requestMs: 400 } });
    const unlimited = ovirt(engine.url, {});
    await limited.about();
    await unlimited.about();
    engine.faults.set({ latencyMs: 2_000 });
    const request: Array<{ ms: number; outcome: string }> = [];
    for (let i = 0; i < rounds; i++) request.push(await elapsed(() => limited.listVms!({ page: 1, pageSize: 5 })));
    console.log(line('request timeout 400 ms (engine 2 s late)', 400, request));
    const slow: Array<{ ms: number; outcome: string }> = [];
    for (let i = 0; i < Math.min(3, rounds); i++) slow.push(await elapsed(() => unlimited.listVms!({ page: 1, pageSize: 5 })));
    console.log(line('no request limit (engine 2 s late)', null, slow));
    engine.faults.reset();
    await limited.close();
    await unlimited.close();
  } finally {
    await engine.close();
    await hole.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
