import 'server-only';
import type { ServiceHealth, ServiceRole } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import type { ServiceRef } from '../health-types';
import type { CallOptions } from '../types';
import { arr, date, obj, str, type Json } from './json';
import type { CinderTransport } from './transport';

const ROLE_OF: Record<string, ServiceRole> = {
  'cinder-volume': 'volume',
  'cinder-scheduler': 'scheduler',
  'cinder-backup': 'backup',
};

/** One os-services row. `state` is Cinder's own verdict: down once the service has not reported for service_down_time (60 s). */
export function toServiceHealth(s: Json): ServiceHealth {
  const binary = str(s.binary) ?? 'unknown';
  const host = str(s.host) ?? '';
  const state = str(s.state);
  const status = str(s.status);
  return {
    key: `${binary}@${host}`,
    name: binary,
    role: ROLE_OF[binary] ?? 'other',
    host,
    zone: str(s.zone),
    state: state === 'up' ? 'up' : state === 'down' ? 'down' : 'unknown',
    enabled: status === 'enabled' ? true : status === 'disabled' ? false : undefined,
    disabledReason: status === 'disabled' ? (str(s.disabled_reason) ?? undefined) : undefined,
    lastReport: date(s.updated_at),
    // Cinder lets an administrator take a volume service out of scheduling (os-services/disable).
    switchable: binary === 'cinder-volume',
  };
}

function reasonOf(error: unknown): string {
  if (isBackendError(error)) return error.detail ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The highest version a versions document names as current (Keystone `version`, Glance `versions[]`). */
function currentVersion(body: Json | undefined): string | undefined {
  const one = obj(body?.version);
  if (one) return str(one.id);
  const list = arr(body?.versions ?? obj(body?.versions)?.values);
  const current = list.find((v) => /^(CURRENT|stable)$/i.test(str(v.status) ?? '')) ?? list[0];
  return current ? str(current.id) : undefined;
}

async function probeRow(transport: CinderTransport, service: 'identity' | 'image', opts: CallOptions): Promise<ServiceHealth | undefined> {
  const name = service === 'identity' ? 'Keystone' : 'Glance';
  const row: ServiceHealth = { key: name.toLowerCase(), name, role: service, state: 'unknown' };
  try {
    const answer = await transport.probe(service, opts.signal);
    if (!answer) return undefined;
    row.host = new URL(answer.url).host;
    // Glance answers its root and /versions with 300 Multiple Choices, Keystone /v3 with 200.
    const ok = answer.status < 400;
    row.state = ok ? 'up' : 'down';
    row.version = currentVersion(answer.body);
    if (!ok) row.error = `HTTP ${answer.status}`;
  } catch (error) {
    row.state = 'down';
    row.error = reasonOf(error);
  }
  return row;
}

/**
 * Cinder's services (admin only), the API's own version, and the identity and image services of
 * the catalog. Each part is read now and fails on its own: a refused os-services still shows Keystone.
 */
export async function cinderServiceHealth(
  transport: CinderTransport,
  get: (path: string) => Promise<Json>,
  opts: CallOptions = {},
): Promise<ServiceHealth[]> {
  const api: ServiceHealth = { key: 'cinder-api', name: 'cinder-api', role: 'volume', state: 'unknown' };
  const [version, services, identity, image] = await Promise.allSettled([
    transport.version(opts.signal),
    get('/os-services'),
    probeRow(transport, 'identity', opts),
    probeRow(transport, 'image', opts),
  ]);
  const rows: ServiceHealth[] = [];
  if (version.status === 'fulfilled') {
    api.state = 'up';
    api.version = `API ${version.value.max}`;
  } else {
    api.state = 'down';
    api.error = reasonOf(version.reason);
  }
  rows.push(api);
  if (services.status === 'fulfilled') {
    rows.push(...arr(services.value.services).map(toServiceHealth).sort((a, b) => a.key.localeCompare(b.key)));
  } else if (api.state === 'up') {
    // Listing services is an administrator's right: say so on the API's row instead of hiding it.
    api.error = reasonOf(services.reason);
  }
  if (identity.status === 'fulfilled' && identity.value) rows.push(identity.value);
  if (image.status === 'fulfilled' && image.value) rows.push(image.value);
  return rows;
}

/** PUT /os-services/disable-log-reason (the reason is kept) or /enable. Admin only. */
export async function setCinderServiceEnabled(
  put: (path: string, body: unknown) => Promise<unknown>,
  service: ServiceRef,
  enabled: boolean,
  reason: string | undefined,
): Promise<void> {
  if (!enabled && !reason?.trim()) throw new BackendError('invalid_input', 'Disabling a service needs a reason.');
  if (enabled) await put('/os-services/enable', { host: service.host, binary: service.binary });
  else await put('/os-services/disable-log-reason', { host: service.host, binary: service.binary, disabled_reason: reason!.trim() });
}
