import type { VolumeFeatures } from '@/lib/domain/volumes';
import { arr, str, type Json } from './json';

/**
 * Cinder v3 microversions: `OpenStack-API-Version: volume 3.x` on every request;
 * no header means 3.0, a version outside the server's range answers 406. We ask
 * the server's range once (GET on the endpoint root), use the highest version we
 * were written against that the server has, and switch features off below it.
 */
export interface Microversion {
  major: number;
  minor: number;
}

/** The newest version this adapter was written and tested against. */
export const WANTED = '3.64';
/** Features and the version they need. */
export const FEATURE_VERSIONS = { revertToSnapshot: '3.40', countTotals: '3.45', messages: '3.3' } as const;

export function parseVersion(text: string | undefined): Microversion | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(text?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatVersion(v: Microversion): string {
  return `${v.major}.${v.minor}`;
}

export function compareVersions(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function atLeast(version: string, needed: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(needed);
  return !!a && !!b && compareVersions(a, b) >= 0;
}

/**
 * The versions document (`{"versions":[{"id":"v3.0","version":"3.70","min_version":"3.0",…}]}`,
 * answered with 300 at the root, or `{"version":{…}}` at /v3) → the v3 range. A
 * server that lists v3 without microversions supports 3.0 only.
 */
export function v3Range(body: Json | undefined): { min: string; max: string } | undefined {
  if (!body) return undefined;
  const entries = [...arr(body.versions), ...(body.version ? arr([body.version]) : [])];
  const v3 = entries.find((v) => /^v3(\.|$)/.test(str(v.id) ?? ''));
  if (!v3) return undefined;
  return { min: str(v3.min_version) || '3.0', max: str(v3.version) || '3.0' };
}

/** The version to send: min(WANTED, server max), never below the server's min. */
export function negotiate(range: { min: string; max: string }): string {
  const wanted = parseVersion(WANTED)!;
  const max = parseVersion(range.max) ?? { major: 3, minor: 0 };
  const min = parseVersion(range.min) ?? { major: 3, minor: 0 };
  const chosen = compareVersions(max, wanted) < 0 ? max : wanted;
  return formatVersion(compareVersions(chosen, min) < 0 ? min : chosen);
}

export function featuresFor(apiVersion: string, serverMaxVersion: string, isAdmin: boolean): VolumeFeatures {
  const requires: VolumeFeatures['requires'] = {};
  const has = (feature: keyof typeof FEATURE_VERSIONS) => {
    const ok = atLeast(apiVersion, FEATURE_VERSIONS[feature]);
    if (!ok) requires[feature] = FEATURE_VERSIONS[feature];
    return ok;
  };
  return {
    apiVersion,
    serverMaxVersion,
    revertToSnapshot: has('revertToSnapshot'),
    countTotals: has('countTotals'),
    messages: has('messages'),
    pools: isAdmin,
    requires,
  };
}
