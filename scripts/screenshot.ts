/**
 * Takes the README's screenshots from a running dashboard:
 *   SCREENSHOT_URL=http://127.0.0.1:3000 SCREENSHOT_USER=admin SCREENSHOT_PASSWORD=... npx tsx scripts/screenshot.ts
 * Uses Debian's Chromium where it exists (Playwright's own download elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const base = process.env.SCREENSHOT_URL ?? 'http://127.0.0.1:3000';
const user = process.env.SCREENSHOT_USER;
const password = process.env.SCREENSHOT_PASSWORD;
const pages = (process.env.SCREENSHOT_PAGES ?? '/:overview').split(',').map((p) => p.split(':') as [string, string]);

async function main() {
  if (!user || !password) throw new Error('Set SCREENSHOT_USER and SCREENSHOT_PASSWORD');
  const executablePath = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light' });
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  for (const [route, name] of pages) {
    await page.goto(`${base}${route}`);
    await page.waitForLoadState('networkidle');
    const file = path.join('public', 'screenshots', `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
  await browser.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
