/**
 * The quota arithmetic, shared by the Launch and Resize forms (checked before submit) and the
 * server (checked again with fresh numbers), so both refuse in the same words. No `server-only`.
 */

export const QUOTA_RESOURCES = ['vms', 'vcpus', 'memoryMiB', 'storageGiB'] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** Amounts of each resource: a usage, a request, or (with null = no limit) a quota. */
export type Amounts = Record<QuotaResource, number>;
export type Limits = Record<QuotaResource, number | null>;

export const ZERO: Amounts = { vms: 0, vcpus: 0, memoryMiB: 0, storageGiB: 0 };

/** One quota a request is checked against: the user's own (or the default) or a group's. */
export interface QuotaScope {
  kind: 'user' | 'group';
  /** The group's name; empty for the user. */
  name: string;
  limits: Limits;
  used: Amounts;
}

/** An i18n key and its values saying which limit a request would pass, or null. */
export interface QuotaProblem {
  key: string;
  values: Record<string, string | number>;
}

/**
 * The first limit that `delta` would take past its quota, in any scope. Only growth is checked:
 * a resize that lowers memory while vCPUs stay is never refused for being over an older limit.
 */
export function quotaProblem(scopes: QuotaScope[], delta: Amounts): QuotaProblem | null {
  for (const scope of scopes) {
    for (const resource of QUOTA_RESOURCES) {
      const limit = scope.limits[resource];
      const want = delta[resource];
      if (limit === null || want <= 0) continue;
      const used = scope.used[resource];
      if (used + want > limit) {
        return {
          key: `portal.quota.exceeded.${scope.kind}.${resource}`,
          values: { group: scope.name, limit, used, wanted: want, free: Math.max(0, limit - used) },
        };
      }
    }
  }
  return null;
}
