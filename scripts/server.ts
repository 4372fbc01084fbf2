// The dashboard's own Node server around Next. It owns what must happen once per process and
// before any request: secrets, database migrations, the first admin, the backend connections
// (and, in demo mode, the simulated engine). The console WebSocket relay hooks in here too,
// so consoles share the dashboard's origin and port.
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { ensureSecrets, SecretsConfigError } from '@/lib/config/secrets';
import { instanceUrl, InstanceUrlError } from '@/lib/config/instance-url';
import { databaseTarget, describeTarget } from '@/lib/db/target';
import { applyMigrations, openSqlRunner } from '@/lib/db/migrate';
import { closePglite } from '@/lib/db/adapter';
import { getDb } from '@/lib/db/prisma';
import { withStartLock } from '@/lib/db/start-lock';
import { bootstrapAdmin } from '@/lib/auth/bootstrap';
import { CLIENT_IP_HEADER } from '@/lib/auth/client-ip';
import { OidcConfigError, readOidcConfig } from '@/lib/auth/oidc/config';
import { consoleRelaySettings, createConsoleRelay } from '@/lib/console/relay';
import { startDemoCinder, type DemoCinderProcess } from './demo-cinder';
import { startDemoEngine, type DemoEngineProcess } from './demo-engine';

const { values: args } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  },
});

const dev = args.dev;
const demo = args.demo || process.env.DEMO === '1';
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || '0.0.0.0';
const publicUrl = process.env.PUBLIC_URL || `http://localhost:${port}`;

function log(line: string) {
  console.log(`[virtdash] ${line}`);
}

async function main() {
  try {
    const generated = ensureSecrets({ allowGenerated: dev || demo });
    if (generated.length) log(`generated ${generated.join(', ')} (kept in DATA_DIR/secrets.json; set them yourself in production)`);
  } catch (err) {
    if (err instanceof SecretsConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  process.env.AUTH_TRUST_HOST ??= 'true';

  // A wrong OIDC_* value stops the start with the reason, not a user's first sign-in.
  try {
    const oidc = readOidcConfig();
    if (oidc) log(`OIDC sign-in: "${oidc.name}" at ${oidc.issuer} (redirect URI ${oidc.redirectUri})`);
  } catch (err) {
    if (err instanceof OidcConfigError) {
      console.error(`OIDC configuration: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  // Other instances forward an image upload's requests here (lib/http/peer-forward.ts); a wrong
  // VIRTDASH_INSTANCE_URL stops the start with the reason, not an upload later.
  try {
    log(`instance address (for other instances): ${instanceUrl()}`);
  } catch (err) {
    if (err instanceof InstanceUrlError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const target = databaseTarget();
  log(`database: ${describeTarget(target)}`);
  const runner = await openSqlRunner(target);
  const applied = await applyMigrations(runner, undefined, log);
  await runner.close();
  log(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current');

  // Under the start lock: instances started together on one PostgreSQL take turns (lib/db/start-lock.ts).
  const boot = await withStartLock(() => bootstrapAdmin(), target);
  if (boot.kind === 'created') log(`created the admin account "${boot.username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
  if (boot.kind === 'setup') {
    log('no admin account yet. Open this one-time link to create it (valid 24 h; a later start of any instance replaces it):');
    console.log(`\n    ${publicUrl}/setup?token=${boot.token}\n`);
  }

  let engine: DemoEngineProcess | undefined;
  let cinder: DemoCinderProcess | undefined;
  if (demo) {
    engine = await startDemoEngine({ size: process.env.DEMO_SIZE });
    log(`demo engine (simulated oVirt) listening at ${engine.url}`);
    // instrumentation.ts registers it as a connection once Next is up (see lib/services/startup.ts).
    process.env.DEMO_ENGINE_URL = engine.url;
    process.env.DEMO_ENGINE_USERNAME = engine.username;
    process.env.DEMO_ENGINE_PASSWORD = engine.password;
    if (engine.serialConsolePort) process.env.DEMO_ENGINE_SERIAL_CONSOLE_PORT = String(engine.serialConsolePort);
    cinder = await startDemoCinder({
      port: process.env.DEMO_CINDER_PORT,
      timeScale: process.env.DEMO_CINDER_TIME_SCALE,
      maxVersion: process.env.DEMO_CINDER_MAX_VERSION,
    });
    log(`demo Keystone + Cinder (simulated) listening at ${cinder.url}`);
    process.env.DEMO_CINDER_URL = cinder.url;
    process.env.DEMO_CINDER_USERNAME = cinder.username;
    process.env.DEMO_CINDER_PASSWORD = cinder.password;
  }

  const app = next({ dev, hostname, port, turbopack: dev });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    // The only trustworthy client address is the socket's; overwrite whatever the client sent.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    handle(req, res);
  });
  // Console WebSockets share the dashboard's port (lib/console/relay.ts); other upgrades (the
  // development server's hot reload) stay Next's.
  const relay = createConsoleRelay({ ...consoleRelaySettings(), publicUrl, log });
  const nextUpgrade = app.getUpgradeHandler();
  server.on('upgrade', (req, socket, head) => {
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    if (relay.handleUpgrade(req, socket, head)) return;
    void nextUpgrade(req, socket, head);
  });
  server.listen(port, hostname, () => log(`ready on ${publicUrl}${demo ? ' (demo mode)' : ''}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    await relay.close();
    server.close();
    await Promise.all([engine?.stop(), cinder?.stop()]);
    await getDb().$disconnect().catch(() => {});
    await closePglite().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('[virtdash] failed to start:', err);
  process.exit(1);
});
