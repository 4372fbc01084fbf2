import type { Page } from '@playwright/test';
import { E2E_OIDC } from '../playwright.config';
import { expect, test } from './fixtures';

/**
 * Sign-in through an OIDC provider (the fake in fakes/oidc, started by playwright.config.ts with
 * the e2e server's OIDC_* pointing at it): a user lands in the portal with the user role and in
 * the portal group OIDC_GROUP_MAP names; a member of OIDC_ADMIN_GROUPS gets the administration
 * portal; a cancelled sign-in comes back to the login page with the reason.
 */

test.describe.configure({ mode: 'serial' });

async function signInWithProvider(page: Page, account: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${E2E_OIDC.name}` }).click();
  // The provider's own page, on its own origin.
  await expect(page.getByRole('heading', { name: 'Fake OIDC provider' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(E2E_OIDC.issuer).origin);
  await page.getByRole('link', { name: account, exact: true }).click();
}

test('a provider user lands in the self-service portal with the user role', async ({ page }) => {
  await signInWithProvider(page, 'sso-alice');
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('heading', { name: 'My virtual machines' })).toBeVisible();
  // The user role: the administration portal is refused.
  expect((await page.goto('/admin/portal'))?.status()).toBe(403);
});

test('a member of the admin group gets the administration portal and sees the mapped group membership', async ({ page }) => {
  await signInWithProvider(page, 'sso-root');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await page.goto('/admin/portal');
  // OIDC_GROUP_MAP=lab-users=Lab put sso-alice (in lab-users at the provider) into the portal group Lab.
  const members = page.getByTestId('group-Lab').getByRole('listitem');
  await expect(members).toHaveCount(1);
  await expect(members).toContainText('sso-alice');
  // On the users page the provider's accounts are marked and have no local password to reset.
  await page.goto('/admin/users');
  const alice = page.getByTestId('user-row-sso-alice');
  await expect(alice).toContainText('Signs in through the OIDC provider');
  await expect(alice).toContainText('User');
  await expect(alice.getByRole('button', { name: 'Reset password' })).toHaveCount(0);
  await expect(page.getByTestId('user-row-e2e-admin').getByRole('button', { name: 'Reset password' })).toBeVisible();
});

test('a sign-in cancelled at the provider comes back to the login page with the reason', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${E2E_OIDC.name}` }).click();
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/login\?error=oidc-provider/);
  // (Next's route announcer is an alert too, hence the filter.)
  await expect(page.getByRole('alert').filter({ hasText: 'The sign-in provider did not sign you in (cancelled or refused).' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
