/**
 * The dashboard's console relay alone in a process, as in production (the dashboard's server is not
 * the browser's process), for scripts/bench/console.ts: every ticket `bench-*` opens a raw console
 * to the target port. Prints the port it listens on, then serves until killed; a line `cpu` on its
 * stdin answers `cpu <microseconds>`, the CPU time this process has used (user + system).
 *
 *   tsx scripts/bench/console-relay-server.ts <relay module> <target port>
 *
 * <relay module> is lib/console/relay.ts, or an older copy of it (the benchmark's baseline).
 */
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConsoleLeaseStore } from '@/lib/console/leases';
import type * as Relay from '@/lib/console/relay';

/** Leases counted in memory, with the same refusal past `max` as the database's. */
function benchLeases(): ConsoleLeaseStore {
  const held = new Map<string, string>();
  let n = 0;
  return {
    async acquire({ userId, max }) {
      if ([...held.values()].filter((u) => u === userId).length >= max) return null;
      const id = `lease-${n++}`;
      held.set(id, userId);
      return id;
    },
    async renew() {},
    async release(id) {
      held.delete(id);
    },
    async count(userId) {
      return [...held.values()].filter((u) => u === userId).length;
    },
  };
}

async function main() {
  const [modulePath, targetPort] = process.argv.slice(2);
  const { createConsoleRelay, CONSOLE_WS_PATH } = (await import(pathToFileURL(path.resolve(modulePath)).href)) as typeof Relay;
  const relay = createConsoleRelay({
    publicUrl: 'http://bench.local',
    trustProxy: false,
    idleTimeoutMs: 60_000,
    maxPerUser: 100,
    resolveUser: async () => ({ id: 'bench', username: 'bench', role: 'admin' }),
    // A protocol without a handshake: the relay only copies bytes, which is what is measured.
    redeem: async (t) =>
      t.startsWith('bench-')
        ? { userId: 'bench', connectionId: 'bench', vmId: 'bench:vm', vmName: 'vm', protocol: 'raw', host: '127.0.0.1', port: Number(targetPort), password: null }
        : null,
    audit: async () => {},
    // The per-user limit's database lease rows are not what is measured: counted in this process
    // (relays from before the leases ignore the option).
    leases: benchLeases(),
  });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
  server.listen(0, '127.0.0.1', () => console.log(`${(server.address() as net.AddressInfo).port} ${CONSOLE_WS_PATH}`));
  // An orderly exit on the benchmark's kill, so `node --cpu-prof` writes this process's profile.
  process.once('SIGTERM', () => process.exit(0));
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.trim() !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    console.log(`cpu ${user + system}`);
  });
}

void main();
