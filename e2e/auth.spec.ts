import { ADMIN, createUserViaUi, expect, signIn, signInAsAdmin, test } from './fixtures';

test.describe('sign-in', () => {
  test('an admin signs in, sees the shell, and signs out', async ({ page }) => {
    await signInAsAdmin(page);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const item of ['Overview', 'Data centers', 'Clusters', 'Hosts', 'Storage', 'Virtual machines', 'Templates', 'Volumes', 'Events', 'Tasks', 'Backends', 'Users', 'Audit log']) {
      await expect(nav.getByRole('link', { name: item, exact: true })).toBeVisible();
    }
    await page.getByRole('button', { name: ADMIN.username }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('a wrong password shows a clear error and creates no session', async ({ page, context }) => {
    await signIn(page, ADMIN.username, 'not-the-password');
    await expect(page.getByRole('status')).toContainText('Wrong username or password.');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name.includes('session-token'))).toBeUndefined();
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('a session survives reloads', async ({ page }) => {
    await signInAsAdmin(page);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  });
});

test.describe('roles', () => {
  test('a user is refused the admin pages, server actions and routes', async ({ page, browser }) => {
    await signInAsAdmin(page);
    const user = await createUserViaUi(page, `plain-${Date.now()}`);

    const ctx = await browser.newContext();
    const userPage = await ctx.newPage();
    await signIn(userPage, user.username, user.password);
    await expect(userPage).toHaveURL(/\/portal/);
    await expect(userPage.getByRole('heading', { name: 'My virtual machines' })).toBeVisible();

    // Pages: a real 403, not the admin content.
    for (const path of ['/admin/users', '/admin/audit', '/']) {
      const res = await userPage.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(userPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    }

    // Server action: the admin's "create user" submission, captured before it reaches the
    // server, replayed byte for byte from the user's session: refused, nothing created.
    const sneaky = `sneaky-${Date.now()}`;
    const captured = await captureCreateUserAction(page, sneaky);
    const replay = await userPage.request.post('/admin/users', { headers: captured.headers, data: captured.body });
    expect(await replay.text()).not.toContain('was created');
    await page.goto('/admin/users');
    await expect(page.getByTestId(`user-row-${sneaky}`)).toHaveCount(0);
    // The same bytes from the admin's session do create the user: the replay itself is valid.
    const asAdminReplay = await page.request.post('/admin/users', { headers: captured.headers, data: captured.body });
    expect(await asAdminReplay.text()).toContain('was created');
    await page.goto('/admin/users');
    await expect(page.getByTestId(`user-row-${sneaky}`)).toHaveCount(1);

    // Route handler guarded for admins.
    const api = await userPage.request.get('/api/admin/whoami');
    expect(api.status()).toBe(403);
    const anon = await (await browser.newContext()).request.get(`${test.info().project.use.baseURL}/api/admin/whoami`);
    expect(anon.status()).toBe(401);
    const asAdmin = await page.request.get('/api/admin/whoami');
    expect(asAdmin.status()).toBe(200);
    await ctx.close();
  });

  test('a disabled user is signed out at once', async ({ page, browser }) => {
    await signInAsAdmin(page);
    const user = await createUserViaUi(page, `soon-off-${Date.now()}`);
    const ctx = await browser.newContext();
    const userPage = await ctx.newPage();
    await signIn(userPage, user.username, user.password);
    await expect(userPage).toHaveURL(/\/portal/);

    await page.getByTestId(`user-row-${user.username}`).getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByTestId(`user-row-${user.username}`).getByText('Disabled', { exact: true })).toBeVisible();

    await userPage.reload();
    await expect(userPage).toHaveURL(/\/login/);
    await signIn(userPage, user.username, user.password);
    await expect(userPage.getByRole('status')).toContainText('This account is disabled');
    await ctx.close();
  });
});

/** Submits the admin's "create user" form but stops the request in the browser, returning it. */
async function captureCreateUserAction(page: import('@playwright/test').Page, username: string) {
  await page.goto('/admin/users');
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route('**/admin/users', async (route) => {
    const req = route.request();
    if (req.method() !== 'POST' || !req.headers()['next-action']) return route.continue();
    const h = req.headers();
    captured = {
      headers: { 'next-action': h['next-action'], 'content-type': h['content-type'], accept: 'text/x-component', 'next-router-state-tree': h['next-router-state-tree'] ?? '' },
      body: req.postDataBuffer() ?? Buffer.alloc(0),
    };
    await route.abort();
  });
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Create user' }) });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill('sneaky-password-1');
  await form.getByLabel('Role').selectOption('admin');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute('**/admin/users');
  return captured!;
}
