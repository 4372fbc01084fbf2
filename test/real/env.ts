/**
 * The environment a real-backend suite needs, as printed by its scripts/real/<name>.sh up.
 * Missing on a developer machine without the packages: the suite skips (describe.skipIf).
 * Missing under REAL_BACKENDS=1 (CI, where .ci/packages installs everything): a failure,
 * so a broken start script can never turn the integration tests into silent skips.
 */
export function realEnv<K extends string>(suite: string, keys: readonly K[]): Record<K, string> | undefined {
  const missing = keys.filter((k) => !process.env[k]);
  if (missing.length === 0) return Object.fromEntries(keys.map((k) => [k, process.env[k]!])) as Record<K, string>;
  if (process.env.REAL_BACKENDS) {
    throw new Error(`${suite}: REAL_BACKENDS is set but ${missing.join(', ')} is missing: did scripts/real/*.sh up fail?`);
  }
  console.warn(`${suite}: skipped (no ${missing.join(', ')}; install the packages in .ci/packages to run it)`);
  return undefined;
}
