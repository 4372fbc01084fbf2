import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// The e2e run starts the real dashboard (custom server, production build) on a throwaway
// embedded database, with the demo engine, and waits on /api/health.
const PORT = Number(process.env.E2E_PORT || 3210);
const baseURL = process.env.E2E_BASE_URL || `http://127.0.0.1:${PORT}`;
const dataDir = process.env.E2E_DATA_DIR || `.data/e2e-${PORT}`;

// Debian's Chromium where it exists (Playwright's own download cannot run offline); otherwise
// the browser that `npx playwright install chromium` put in place.
const systemChromium = process.env.CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const E2E_ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' };

// The fake OIDC provider (fakes/oidc) the e2e server signs in through; only tests start it.
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT || PORT + 1000);
export const E2E_OIDC = {
  issuer: `http://127.0.0.1:${OIDC_PORT}/realms/virtdash`,
  clientId: 'virtdash-e2e',
  clientSecret: 'e2e-oidc-secret',
  name: 'Demo SSO',
};

const CI = Boolean(process.env.CI);

// Specs that need an environment the demo run does not have, and the variable that says it is
// there (scripts/test.sh runs each in its own step with it). Outside CI they skip with a notice;
// under CI a run without that environment leaves them out, and a run that names one without it
// finds no test and fails (a spec skipping for a missing environment must never pass under CI).
const NEEDS_ENVIRONMENT: Record<string, string> = {
  'libvirt.spec.ts': 'E2E_LIBVIRT',
  'libvirt-console.spec.ts': 'E2E_LIBVIRT',
  'libvirt-lifecycle.spec.ts': 'E2E_LIBVIRT',
  'libvirt-networks.spec.ts': 'E2E_LIBVIRT',
  'libvirt-migration.spec.ts': 'E2E_LIBVIRT',
  // Also needs the Ceph and Cinder rigs, which scripts/test.sh's libvirt step starts beside libvirt.sh.
  'libvirt-volumes.spec.ts': 'CINDER_RBD_TYPE',
  'console-tls.spec.ts': 'NGINX_URL',
  'ha.spec.ts': 'HA_URL',
};

// A spec that asks for an environment (needsEnvironment in e2e/fixtures.ts) but is missing above
// would throw under CI in the demo run, where that environment never is: refuse to start instead.
for (const spec of fs.readdirSync(path.join(__dirname, 'e2e')).filter((f) => f.endsWith('.spec.ts'))) {
  if (!(spec in NEEDS_ENVIRONMENT) && fs.readFileSync(path.join(__dirname, 'e2e', spec), 'utf8').includes('needsEnvironment(')) {
    throw new Error(`e2e/${spec} calls needsEnvironment(): name it and its variable in NEEDS_ENVIRONMENT (playwright.config.ts)`);
  }
}

export default defineConfig({
  testDir: 'e2e',
  testIgnore: CI ? Object.keys(NEEDS_ENVIRONMENT).filter((spec) => !process.env[NEEDS_ENVIRONMENT[spec]]) : [],
  fullyParallel: false,
  workers: 1,
  // One retry under CI, and a test that needed it fails the run (failOnFlakyTests): a retry that
  // passes hides a race the user meets too. The retry still runs so the report can say "flaky"
  // (passed on its second try) rather than "failed", and the retry reporter names every such test
  // at the end of the test command. The known flakes were fixed at their cause (the libvirt portal's
  // network cache, the networks fake's migration onto a host in maintenance).
  retries: CI ? 1 : 0,
  failOnFlakyTests: CI,
  forbidOnly: CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: CI
    ? [['list'], ['./e2e/retry-reporter.ts']]
    : [['list'], ['html', { open: 'never' }], ['./e2e/retry-reporter.ts']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-US',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: systemChromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : [
        {
          command: `tsx fakes/oidc/main.ts --port ${OIDC_PORT} --client-id ${E2E_OIDC.clientId} --client-secret ${E2E_OIDC.clientSecret}`,
          url: `${E2E_OIDC.issuer}/.well-known/openid-configuration`,
          timeout: 30_000,
          reuseExistingServer: false,
        },
        {
          command: `rm -rf ${dataDir} && tsx scripts/server.ts --demo`,
          url: `${baseURL}/api/health`,
          timeout: 120_000,
          reuseExistingServer: false,
          stdout: 'pipe',
          env: {
            NODE_ENV: 'production',
            PORT: String(PORT),
            HOST: '127.0.0.1',
            DATA_DIR: dataDir,
            // A known port, so e2e/faults.spec.ts can reach the demo engine's fault controls.
            DEMO_ENGINE_PORT: String(Number(process.env.E2E_ENGINE_PORT || PORT + 2000)),
            ADMIN_USERNAME: E2E_ADMIN.username,
            ADMIN_PASSWORD: E2E_ADMIN.password,
            PUBLIC_URL: baseURL,
            OIDC_ISSUER: E2E_OIDC.issuer,
            OIDC_CLIENT_ID: E2E_OIDC.clientId,
            OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
            OIDC_NAME: E2E_OIDC.name,
            OIDC_ADMIN_GROUPS: 'virt-admins',
            OIDC_GROUP_MAP: 'lab-users=Lab',
          },
        },
      ],
});
