import { test as base, expect, type Page } from '@playwright/test';

export const ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' };

export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A user made by createUserViaUi (password `<name>-password`), landing in the self-service portal. */
export async function signInAsPortalUser(page: Page, username: string) {
  await signIn(page, username, `${username}-password`);
  await expect(page.getByRole('heading', { name: 'My virtual machines' })).toBeVisible();
}

export async function signInAsAdmin(page: Page) {
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

/** Creates a user through the admin Users page (the real UI path) and returns its credentials. */
export async function createUserViaUi(page: Page, username: string, role: 'user' | 'admin' = 'user') {
  const password = `${username}-password`;
  await page.goto('/admin/users');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Create user' }) });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();
  return { username, password };
}

/**
 * The header the dashboard's own pages send with every request that changes state: route
 * handlers refuse POST/PUT/DELETE from any other origin (lib/auth/same-origin.ts), and
 * Playwright's API requests send no Origin of their own.
 */
export function sameOrigin(page: Page): Record<string, string> {
  return { origin: new URL(page.url()).origin };
}

export const test = base;
export { expect };

/**
 * In a describe block: skips it when the environment it needs is missing (a developer machine
 * without the rig), but under CI a missing environment is a failure, never a silent skip.
 */
export function needsEnvironment(present: boolean, what: string): void {
  if (present) return;
  if (process.env.CI) throw new Error(`${what}: missing under CI, where every environment must be there (a skip would hide it)`);
  test.skip(true, what);
}
