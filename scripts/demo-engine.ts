// Starts the simulated oVirt engine as a separate process, so the dashboard reaches it over
// HTTP like any real engine and it stays out of the production request path.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';

export interface DemoEngineProcess {
  url: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

export async function startDemoEngine(options: { size?: string } = {}): Promise<DemoEngineProcess> {
  const username = 'admin@internal';
  // A fresh password per start: the demo has no default credentials either.
  const password = crypto.randomBytes(18).toString('base64url');
  // A self-service user of the engine, so the demo VMs have owners (desk-user1-01, web-03, …:
  // the user holds UserVmManager on them) and the VM list's owner filter finds something. Nobody
  // signs in as this user, so its password is random too.
  const userPassword = crypto.randomBytes(18).toString('base64url');
  const tsx = path.resolve('node_modules/.bin/tsx');
  const child: ChildProcess = spawn(
    tsx,
    ['fakes/ovirt/main.ts', '--port', String(process.env.DEMO_ENGINE_PORT || 0), '--size', options.size || 'demo', '--admin-user', username, '--user', 'user1@internal', '--rfb-port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OVIRT_FAKE_ADMIN_PASSWORD: password, OVIRT_FAKE_USER_PASSWORD: userPassword } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the demo engine did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the demo engine exited with code ${code}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^OVIRT_ENGINE_LISTENING (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
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
