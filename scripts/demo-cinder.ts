// Starts the simulated Keystone + Cinder as a separate process, like the demo engine
// (scripts/demo-engine.ts): the dashboard reaches it over HTTP on loopback exactly as it
// would a real cloud, and none of it sits in the production request path.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';

export interface DemoCinderProcess {
  /** The Keystone v3 URL with the project, as a Cinder connection stores it. */
  url: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

export async function startDemoCinder(options: { port?: string; timeScale?: string; maxVersion?: string } = {}): Promise<DemoCinderProcess> {
  const username = 'admin';
  // A fresh password per start: the demo has no default credentials.
  const password = crypto.randomBytes(18).toString('base64url');
  const tsx = path.resolve('node_modules/.bin/tsx');
  const child: ChildProcess = spawn(
    tsx,
    [
      'fakes/cinder/main.ts',
      ...['--host', '127.0.0.1', '--port', options.port || '0', '--time-scale', options.timeScale || '1', '--admin-user', username],
      // An older cloud, to see what the pages hide below the microversion a feature needs.
      ...(options.maxVersion ? ['--max-version', options.maxVersion] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CINDER_FAKE_ADMIN_PASSWORD: password } },
  );
  const keystone = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the demo Cinder did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the demo Cinder exited with code ${code}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^CINDER_FAKE_LISTENING (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    // The seeded project is "demo" in the Default domain (fakes/cinder/store.ts).
    url: `${keystone}?project=demo`,
    username,
    password,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
