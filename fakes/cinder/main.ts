/**
 * CLI for the fake Keystone + Cinder:
 *   tsx fakes/cinder/main.ts --port 0 --admin-user admin --admin-password X [--time-scale 1] [--max-version 3.70] [--noauth]
 * Prints exactly one line on stdout, `CINDER_FAKE_LISTENING <keystone-v3-url> <project-id>`,
 * once it accepts requests; everything else goes to stderr. Exits cleanly on SIGTERM/SIGINT.
 */
import { startCinderFake } from './server';

const USAGE = `usage: tsx fakes/cinder/main.ts [--host 127.0.0.1] [--port 0] --admin-user admin --admin-password PASSWORD
  (or env CINDER_FAKE_ADMIN_PASSWORD) [--time-scale 1] [--max-version 3.70] [--noauth]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) fail(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (name === 'noauth' || name === 'help') {
      args.set(name, 'true');
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
    args.set(name, value);
    i++;
  }
  if (args.has('help')) return void process.stderr.write(`${USAGE}\n`);
  for (const k of args.keys()) {
    if (!['host', 'port', 'admin-user', 'admin-password', 'time-scale', 'max-version', 'noauth'].includes(k)) fail(`unknown option --${k}`);
  }
  const password = args.get('admin-password') ?? process.env.CINDER_FAKE_ADMIN_PASSWORD;
  if (!password) fail('--admin-password is required');
  const timeScale = Number(args.get('time-scale') ?? 1);
  const port = Number(args.get('port') ?? 0);
  if (!Number.isFinite(timeScale) || timeScale < 0) fail('--time-scale must be a non-negative number');
  if (!Number.isInteger(port) || port < 0) fail('--port must be a port number');
  const fake = await startCinderFake({
    host: args.get('host') ?? '127.0.0.1',
    port,
    timeScale,
    maxVersion: args.get('max-version'),
    noauth: args.has('noauth'),
    users: [{ name: args.get('admin-user') ?? 'admin', password, admin: true }],
  });
  process.stdout.write(`CINDER_FAKE_LISTENING ${fake.url} ${fake.projectId}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake cinder: ${signal}, shutting down\n`);
    fake.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fake cinder failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
