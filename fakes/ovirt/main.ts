/**
 * CLI for the demo engine:
 *   tsx fakes/ovirt/main.ts --port 0 --size demo --admin-user admin@internal --admin-password X \
 *       [--user user1@internal --user-password Y] [--time-scale 1] [--tls-cert f --tls-key f]
 * Prints `OVIRT_ENGINE_LISTENING <url>` on stdout once it accepts requests (with --vmconsole-port,
 * `OVIRT_VMCONSOLE_PROXY_LISTENING <host:port>` just before it); everything else goes to stderr. Exits cleanly on SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import { startOvirtEngine, type OvirtEngineOptions } from './server';
import type { EstateSize, SeedUser } from './seed';

const USAGE = `usage: tsx fakes/ovirt/main.ts [--host 127.0.0.1] [--port 0] [--size demo|large|VMSxHOSTS] [--seed N]
  --admin-user admin@internal --admin-password PASSWORD (or env OVIRT_FAKE_ADMIN_PASSWORD)
  [--user user1@internal --user-password PASSWORD (or env OVIRT_FAKE_USER_PASSWORD)]
  [--time-scale 1] [--tls-cert FILE --tls-key FILE] [--console-address HOST --console-port PORT]
  [--no-background-events] [--rfb-port PORT (0 = any): real VNC screens for the VMs]
  [--vmconsole-port PORT (0 = any): the serial console proxy (SSH), as ovirt-vmconsole-proxy on 2222]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) fail(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    if (eq > 0) { args.set(a.slice(2, eq), a.slice(eq + 1)); continue; }
    const name = a.slice(2);
    if (name === 'help' || name.startsWith('no-')) { args.set(name, 'true'); continue; }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
    args.set(name, value);
    i++;
  }
  return args;
}

function parseSize(v: string | undefined): EstateSize {
  if (!v || v === 'demo' || v === 'large') return (v ?? 'demo') as EstateSize;
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m) fail(`--size must be demo, large or VMSxHOSTS (e.g. 500x20), not '${v}'`);
  return { vms: Number(m[1]), hosts: Number(m[2]) };
}

function num(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const known = new Set(['host', 'port', 'size', 'seed', 'admin-user', 'admin-password', 'user', 'user-password', 'time-scale', 'tls-cert', 'tls-key', 'console-address', 'console-port', 'no-background-events', 'rfb-port', 'vmconsole-port']);
  for (const k of args.keys()) if (!known.has(k)) fail(`unknown option --${k}`);

  const adminPassword = args.get('admin-password') ?? process.env.OVIRT_FAKE_ADMIN_PASSWORD;
  if (!adminPassword) fail('--admin-password is required (the built-in test passwords are for tests only)');
  const users: SeedUser[] = [{ username: args.get('admin-user') ?? 'admin@internal', password: adminPassword, admin: true }];
  if (args.has('user')) {
    const password = args.get('user-password') ?? process.env.OVIRT_FAKE_USER_PASSWORD;
    if (!password) fail('--user needs --user-password');
    users.push({ username: args.get('user')!, password, admin: false });
  }
  for (const u of users) if (!/^[^@\s]+@[^@\s]+$/.test(u.username)) fail(`user names look like name@profile, not '${u.username}'`);

  const opts: OvirtEngineOptions = {
    host: args.get('host') ?? '127.0.0.1',
    port: num(args.get('port'), 'port', 0),
    size: parseSize(args.get('size')),
    seed: num(args.get('seed'), 'seed', 1),
    users,
    timeScale: num(args.get('time-scale'), 'time-scale', 1),
    backgroundEvents: !args.has('no-background-events'),
  };
  const cert = args.get('tls-cert');
  const key = args.get('tls-key');
  if (!!cert !== !!key) fail('--tls-cert and --tls-key go together');
  if (cert && key) opts.tls = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  if (args.has('console-address') || args.has('console-port')) {
    const address = args.get('console-address');
    if (!address || !args.has('console-port')) fail('--console-address and --console-port go together');
    opts.consoles = { address, port: num(args.get('console-port'), 'console-port', 5900) };
  }

  if (args.has('rfb-port')) opts.rfbPort = num(args.get('rfb-port'), 'rfb-port', 0);
  if (args.has('vmconsole-port')) opts.vmconsolePort = num(args.get('vmconsole-port'), 'vmconsole-port', 0);

  const engine = await startOvirtEngine(opts);
  if (engine.vmconsole) process.stdout.write(`OVIRT_VMCONSOLE_PROXY_LISTENING ${engine.vmconsole.host}:${engine.vmconsole.port}\n`);
  process.stdout.write(`OVIRT_ENGINE_LISTENING ${engine.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake oVirt engine: ${signal}, shutting down\n`);
    engine.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fake oVirt engine failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
