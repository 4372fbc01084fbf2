import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

describe('CLI', () => {
  it('prints exactly one OVIRT_ENGINE_LISTENING line, serves the given users, exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'fakes/ovirt/main.ts', '--port', '0', '--size', 'demo',
      '--admin-user', 'admin@internal', '--admin-password', 'cli-secret', '--user', 'alice@internal', '--user-password', 'alice-pw',
      '--time-scale', '0.01', '--no-background-events'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no listening line')), 20_000);
      rl.on('line', (line) => {
        lines.push(line);
        const m = /^OVIRT_ENGINE_LISTENING (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const token = async (username: string, password: string) => (await fetch(`${url}/ovirt-engine/sso/oauth/token`, {
      method: 'POST', body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username, password }),
    })).status;
    expect(await token('admin@internal', 'cli-secret')).toBe(200);
    expect(await token('alice@internal', 'alice-pw')).toBe(200);
    // The built-in test passwords are not there when real ones are given.
    expect(await token('admin@internal', 'demo-admin')).toBe(400);
    expect(await token('user1@internal', 'demo-user')).toBe(400);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(lines).toEqual([`OVIRT_ENGINE_LISTENING ${url}`]);
  });

  it('refuses to start without an admin password', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'fakes/ovirt/main.ts', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OVIRT_FAKE_ADMIN_PASSWORD: '' } });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
  });
});
