import 'server-only';
import { withStartLock } from '@/lib/db/start-lock';
import { seedDemoPortal } from './demo-portal';
import { reconcileMigrationsSoon } from './migration-intents';
import { BACKENDS_FILE_ENV, loadBackendsFile, registerDemoCinderConnection, registerDemoConnection, type BackendsFileResult } from './backends-file';

/**
 * What must happen inside Next (it needs `server-only` modules: the connection
 * registry, the secret key) once per process, before the first request: the
 * demo engine's connection and the backends file. Called from instrumentation.ts.
 *
 * scripts/server.ts has already applied migrations and, in demo mode, started the
 * simulated engine and put its address in DEMO_ENGINE_URL / _USERNAME / _PASSWORD
 * (it cannot register the connection itself: tsx runs it outside React's
 * server condition, where `server-only` throws).
 *
 * Throws StartupError with an operator-facing message; the caller stops the process.
 * A dashboard that silently ignored a bad BACKENDS_FILE would run half-configured.
 */

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface StartupResult {
  demo?: { id: string; url: string };
  demoCinder?: { id: string; url: string };
  backendsFile?: BackendsFileResult;
}

export async function runStartup(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(`[virtdash] ${line}`),
): Promise<StartupResult> {
  const result: StartupResult = {};

  const demoUrl = env.DEMO_ENGINE_URL?.trim();
  if (demoUrl) {
    const username = env.DEMO_ENGINE_USERNAME?.trim() || 'admin@internal';
    const password = env.DEMO_ENGINE_PASSWORD;
    // The engine's password is in the DB (encrypted) from here on; nothing else in this
    // process should be able to read it from the environment (child processes, error pages).
    delete env.DEMO_ENGINE_PASSWORD;
    if (!password) throw new StartupError('DEMO_ENGINE_URL is set but DEMO_ENGINE_PASSWORD is not: cannot register the demo engine.');
    try {
      const serialPort = Number(env.DEMO_ENGINE_SERIAL_CONSOLE_PORT) || undefined;
      const connection = await registerDemoConnection({ url: demoUrl, username, password, serialConsolePort: serialPort });
      result.demo = { id: connection.id, url: connection.url };
      log(`demo engine registered as the connection "${connection.name}"`);
    } catch (error) {
      throw new StartupError(`cannot register the demo engine as a connection: ${describe(error)}`, { cause: error });
    }
    // A catalog that cannot be read leaves the portal empty, as before: the demo still starts.
    await seedDemoPortal(result.demo.id, log).catch((error: unknown) => log(`demo portal not set up: ${describe(error)}`));
  }

  const cinderUrl = env.DEMO_CINDER_URL?.trim();
  if (cinderUrl) {
    const password = env.DEMO_CINDER_PASSWORD;
    delete env.DEMO_CINDER_PASSWORD;
    if (!password) throw new StartupError('DEMO_CINDER_URL is set but DEMO_CINDER_PASSWORD is not: cannot register the demo Cinder.');
    try {
      const connection = await registerDemoCinderConnection({ url: cinderUrl, username: env.DEMO_CINDER_USERNAME?.trim() || 'admin', password });
      result.demoCinder = { id: connection.id, url: connection.url };
      log(`demo Cinder registered as the connection "${connection.name}"`);
    } catch (error) {
      throw new StartupError(`cannot register the demo Cinder as a connection: ${describe(error)}`, { cause: error });
    }
  }

  if (env[BACKENDS_FILE_ENV]?.trim()) {
    try {
      result.backendsFile = await loadBackendsFile(env[BACKENDS_FILE_ENV], env);
    } catch (error) {
      // BackendsFileError already names the file and the entry.
      throw new StartupError(describe(error), { cause: error });
    }
    const r = result.backendsFile;
    if (r) {
      const parts = (['created', 'updated', 'unchanged', 'removed'] as const)
        .filter((k) => r[k].length)
        .map((k) => `${k}: ${r[k].join(', ')}`);
      log(`${BACKENDS_FILE_ENV} ${r.path} applied${parts.length ? ` (${parts.join('; ')})` : ' (no connections)'}`);
    }
  }

  return result;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' && detail ? `${error.message} (${detail})` : error.message;
}

/**
 * runStartup for instrumentation.ts: on failure, logs the reason and ends the process.
 * A bad BACKENDS_FILE (or a demo engine that cannot be registered) must stop the start:
 * better no dashboard than one silently missing the connections the operator declared.
 */
export async function startupOrExit(): Promise<void> {
  try {
    // Registering the demo connections and applying BACKENDS_FILE upsert rows by name: under the
    // start lock, instances started together on one PostgreSQL do it one after the other.
    await withStartLock(() => runStartup());
  } catch (error) {
    console.error(`[virtdash] failed to start: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof StartupError)) console.error(error);
    process.exit(1);
  }
  // Migrations a previous process started and did not see end: settled in the background (the
  // hosts may be slow to answer; the first request does not wait for them).
  reconcileMigrationsSoon();
}
