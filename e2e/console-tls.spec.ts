// The console behind nginx terminating TLS (scripts/real/nginx.sh), the setup where comparable
// dashboards' consoles most often break. Runs only when NGINX_URL is set (the last step of
// scripts/test.sh): it starts the dashboard on nginx's upstream port with TRUST_PROXY=1 and no
// PUBLIC_URL, so the console's Origin can only be accepted through X-Forwarded-Proto/Host.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import WebSocket from 'ws';
import { screenColors } from '../fakes/ovirt/rfb-screen';
import { ADMIN, expect, needsEnvironment, signInAsAdmin, test } from './fixtures';

const NGINX_URL = process.env.NGINX_URL;
const UPSTREAM_PORT = process.env.NGINX_UPSTREAM_PORT;

test.describe('console through a TLS-terminating reverse proxy', () => {
  needsEnvironment(Boolean(NGINX_URL && UPSTREAM_PORT), 'needs scripts/real/nginx.sh up (NGINX_URL, NGINX_UPSTREAM_PORT)');
  test.use({ baseURL: NGINX_URL, ignoreHTTPSErrors: true });

  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    const dataDir = `.data/e2e-tls-${UPSTREAM_PORT}`;
    fs.rmSync(dataDir, { recursive: true, force: true });
    server = spawn('node_modules/.bin/tsx', ['scripts/server.ts', '--demo'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: UPSTREAM_PORT,
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        TRUST_PROXY: '1',
        PUBLIC_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${UPSTREAM_PORT}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('the dashboard behind nginx did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
  });

  test('opens a demo VM\'s console over https/wss and shows its pixels', async ({ page, context }) => {
    await signInAsAdmin(page);
    expect(page.url()).toMatch(/^https:/);
    const res = await page.request.get('/api/inventory/vms?status=running&size=50');
    const vm = ((await res.json()) as { items: { id: string; name: string; status: string }[] }).items.find((v) => v.status === 'running');
    expect(vm).toBeDefined();

    const sockets: string[] = [];
    const win = await context.newPage();
    win.on('websocket', (ws) => sockets.push(ws.url()));
    await win.goto(`/console/${encodeURIComponent(vm!.id)}`);
    await expect(win.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    expect(sockets.some((u) => u.startsWith(`${NGINX_URL!.replace('https:', 'wss:')}/api/console/ws?ticket=`))).toBe(true);
    const canvas = win.getByTestId('console-screen').locator('canvas');
    await expect
      .poll(() =>
        canvas.evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')!.getImageData(620, 390, 1, 1).data;
          return [d[0], d[1], d[2]];
        }),
      )
      .toEqual(screenColors(vm!.name).background);
  });

  test('refuses a console WebSocket from a foreign Origin through the proxy', async () => {
    const status = await new Promise<number | string>((resolve) => {
      const ws = new WebSocket(`${NGINX_URL!.replace('https:', 'wss:')}/api/console/ws?ticket=x`, ['binary'], {
        headers: { origin: 'https://evil.example' },
        rejectUnauthorized: false,
      });
      ws.once('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
      ws.once('open', () => resolve('open'));
      ws.once('error', (e) => resolve(e.message));
    });
    expect(status).toBe(403);
  });
});
