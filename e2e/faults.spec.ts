import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// Faults, end to end: the real browser and dashboard against the demo engine (a separate process
// speaking the oVirt REST API) with its fault injection (/__fake/faults, loopback only) switched
// on: 5xx bursts, reset connections, 3 s of latency, expired tokens, an engine that stops
// answering and comes back. The page says what is wrong and recovers by itself, never crashes,
// and an action is never sent twice. playwright.config.ts starts the engine on E2E_PORT + 2000.

const ENGINE = `http://127.0.0.1:${Number(process.env.E2E_ENGINE_PORT || Number(process.env.E2E_PORT || 3210) + 2000)}`;
const LONG = { timeout: 60_000 };

async function faults(update: Record<string, number | boolean>) {
  const res = await fetch(`${ENGINE}/__fake/faults`, { method: 'POST', body: JSON.stringify(update) });
  expect(res.ok, `the demo engine refused the fault update: ${await res.text()}`).toBe(true);
}

async function healEngine() {
  await fetch(`${ENGINE}/__fake/faults`, { method: 'DELETE' });
}

async function requestsTo(route: string): Promise<number> {
  const stats = (await (await fetch(`${ENGINE}/__fake/stats`)).json()) as { byRoute: Record<string, number> };
  return stats.byRoute[route] ?? 0;
}

/** Every uncaught error of the page, and whether the error boundary ("could not be shown") ever showed. */
function watchCrashes(page: Page): string[] {
  const crashes: string[] = [];
  page.on('pageerror', (err) => crashes.push(err.message));
  return crashes;
}

const problem = (page: Page) => page.getByText(/is not answering|could not be read|Live refresh failed/).first();
const rows = (page: Page) => page.getByTestId('vm-row');

test.describe('faults at the engine', () => {
  test.afterEach(async () => {
    await healEngine();
  });

  test('a burst of 5xx and reset connections: the VM list says which connection fails, and recovers by itself', async ({ page }) => {
    const crashes = watchCrashes(page);
    await signInAsAdmin(page);
    await page.goto('/vms');
    await expect(rows(page).first()).toBeVisible(LONG);

    // Every engine request answers 503: the live list names the problem and keeps its last rows.
    await faults({ failRate: 1 });
    await expect(problem(page)).toBeVisible(LONG);
    await expect(rows(page).first()).toBeVisible();

    // The engine heals: without a reload, the message goes and the rows stay current.
    await healEngine();
    await expect(problem(page)).toHaveCount(0, LONG);
    await expect(rows(page).first()).toBeVisible();

    // Connections reset without an answer (idempotent reads are retried; the list never breaks).
    await faults({ dropNext: 3 });
    await page.reload();
    await expect(rows(page).first()).toBeVisible(LONG);
    await expect(page.getByText('This page could not be shown')).toHaveCount(0);
    expect(crashes).toEqual([]);
  });

  test('3 s of latency and expired tokens: pages load, slower, with nothing wrong shown', async ({ page }) => {
    const crashes = watchCrashes(page);
    await signInAsAdmin(page);
    await faults({ latencyMs: 3000 });
    await page.goto('/vms');
    await expect(rows(page).first()).toBeVisible(LONG);
    await healEngine();

    // Every token the dashboard holds is void: it signs in to the engine again, unseen.
    await faults({ expireTokens: true });
    await page.goto('/hosts');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible(LONG);
    await page.goto('/vms');
    await expect(rows(page).first()).toBeVisible(LONG);
    await expect(problem(page)).toHaveCount(0);
    expect(crashes).toEqual([]);
  });

  test('an engine that stops answering and comes back: shown as not answering, then current again', async ({ page }) => {
    const crashes = watchCrashes(page);
    await signInAsAdmin(page);
    await page.goto('/vms');
    await expect(rows(page).first()).toBeVisible(LONG);
    // Answers only after 10 minutes: to the dashboard, an engine that stopped answering.
    await faults({ latencyMs: 600_000 });
    await expect(problem(page)).toBeVisible({ timeout: 90_000 });
    await expect(rows(page).first()).toBeVisible();
    await healEngine();
    await expect(problem(page)).toHaveCount(0, { timeout: 90_000 });
    expect(crashes).toEqual([]);
  });

  test('an action whose request fails is reported and never sent twice', async ({ page }) => {
    const crashes = watchCrashes(page);
    await signInAsAdmin(page);
    await page.goto(`/vms?q=${encodeURIComponent('test-03')}`);
    const link = rows(page).getByRole('link', { name: 'test-03', exact: true });
    await expect(link).toBeVisible(LONG);
    await page.goto((await link.getAttribute('href'))!);
    const toolbar = page.getByTestId('vm-power-controls');
    const pill = toolbar.getByTestId('live-status');
    await expect(pill).toBeVisible(LONG);
    if ((await pill.getAttribute('data-status')) !== 'stopped') {
      await toolbar.getByRole('group', { name: 'Power actions' }).getByRole('button', { name: 'Power off', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Power off', exact: true }).click();
      await expect(pill).toHaveAttribute('data-status', 'stopped', LONG);
    }
    // The engine counts VM actions under one route: any second action request would show here.
    const before = await requestsTo('POST /vms/{id}/{action}');

    // The engine answers 503 to the start: the adapter retries reads, never an action, and the
    // user is told what the backend said.
    await faults({ failRate: 1 });
    await toolbar.getByRole('group', { name: 'Power actions' }).getByRole('button', { name: 'Start', exact: true }).click();
    const status = toolbar.getByRole('status');
    // Our words, then the engine's own ("The engine is temporarily unavailable…").
    await expect(status).toContainText('The backend reported an error.', LONG);
    await expect(status).toContainText(/temporarily unavailable/i);
    await expect(status).not.toContainText('Something went wrong');
    expect(await requestsTo('POST /vms/{id}/{action}')).toBe(before + 1);
    await healEngine();
    // Nothing ran twice behind the user's back: still stopped, still one request.
    await page.reload();
    await expect(pill).toHaveAttribute('data-status', 'stopped', LONG);
    expect(await requestsTo('POST /vms/{id}/{action}')).toBe(before + 1);
    expect(crashes).toEqual([]);
  });
});
