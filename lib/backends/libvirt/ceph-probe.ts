import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { VolumeConnection } from '@/lib/domain/volumes';
import { BackendError, isBackendError } from '../errors';
import type { CallOptions } from '../types';
import type { LibvirtContext } from './context';
import type { NamedHandle } from './protocol';
import * as rpc from './rpc';
import { child, children, esc, parseXml } from './xml';

/**
 * Proves, before an rbd disk is plugged, that the Ceph monitors let the volume's user in with the
 * key this host holds for it. QEMU's librbd, given a wrong key, keeps hunting the monitors for
 * Ceph's client_mount_timeout (300 s) before the hot-plug fails, far beyond the dashboard's 60 s
 * call; libvirt's own rbd storage backend (libvirt-daemon-driver-storage-rbd) opens a RADOS
 * connection from the same host, with the same secret, in a transient pool that is destroyed at
 * once. Two settings of that pool make the answer fast (config_opts, libvirt 5.1+):
 * - each monitor's address typed v1 (v2 for Ceph's v2 port 3300). Ceph treats an untyped address on
 *   a port other than 6789/3300 as "either protocol", and such a client hunts on after a refusal
 *   until its timeout; a typed one gets the refusal back at once (measured: 0.05 s against 30 s).
 *   Cinder names the monitors' legacy (v1) addresses, so v1 is what the ports speak.
 * - client_mount_timeout of PROBE_MOUNT_TIMEOUT_S, so a monitor that never answers ends the probe
 *   long before the dashboard's call to libvirt would.
 * The pool names a Ceph pool that does not exist: starting an rbd pool lists and opens every image
 * in it (measured: 2-3 s for 300 images, growing with the pool), while the probe only needs the
 * connection. libvirt connects first (the key is checked there) and only then fails to open the
 * missing pool, "failed to create the RBD IoCTX": that answer is the proof.
 */

export const PROBE_MOUNT_TIMEOUT_S = 10;
/** A proven (monitors, user, secret, key) is not proven again for this long: one pool per attach is avoidable work. */
export const PROBE_SUCCESS_TTL_MS = 60_000;

type Rbd = Extract<VolumeConnection, { protocol: 'rbd' }>;

/** A monitor address Ceph reads as one protocol; a host name stays as it is (Ceph resolves names itself). */
export function typedMonitor(m: { host: string; port: number }): string | undefined {
  const family = net.isIP(m.host);
  if (!family) return undefined;
  const host = family === 6 ? `[${m.host}]` : m.host;
  return `${m.port === 3300 ? 'v2' : 'v1'}:${host}:${m.port}`;
}

/** The transient rbd pool that opens a RADOS connection as `username` with the secret's key, naming a Ceph pool that is not there (pure). */
export function probePoolXml(input: { name: string; cephPool: string; monitors: Rbd['monitors']; username: string; secretUuid: string }): string {
  const hosts = input.monitors.map((m) => `<host name='${esc(m.host)}' port='${esc(m.port)}'/>`).join('');
  const typed = input.monitors.map(typedMonitor);
  const options = [`<rbd:option name='client_mount_timeout' value='${PROBE_MOUNT_TIMEOUT_S}'/>`];
  // All or nothing: a mon_host option replaces the whole list libvirt built from the hosts.
  if (typed.every((t): t is string => !!t)) options.push(`<rbd:option name='mon_host' value='${esc(typed.join(','))}'/>`);
  return (
    `<pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'><name>${esc(input.name)}</name>` +
    `<source><name>${esc(input.cephPool)}</name>${hosts}` +
    `<auth type='ceph' username='${esc(input.username)}'><secret uuid='${esc(input.secretUuid)}'/></auth></source>` +
    `<rbd:config_opts>${options.join('')}</rbd:config_opts></pool>`
  );
}

/**
 * What a failed probe means, in words an operator can act on; libvirt's own words follow in
 * parentheses. libvirt says "failed to connect to the RADOS monitor" for a refusal and for a
 * timeout alike (and libvirt 9 adds an unrelated errno text), so the time it took tells them apart:
 * with typed addresses a monitor that answers refuses within a fraction of a second, one that does
 * not answer lets the mount timeout run out.
 */
export function probeFailure(input: {
  libvirtWords: string;
  elapsedMs: number;
  monitors: Rbd['monitors'];
  username: string;
  /** What did not happen because of it ("Nothing was attached."). */
  consequence: string;
}): BackendError {
  const where = input.monitors.map((m) => `${m.host}:${m.port}`).join(', ');
  const said = `(libvirt: ${input.libvirtWords})`;
  let code: 'auth_failed' | 'unreachable' | 'backend_error';
  let words: string;
  if (/failed to connect to the RADOS monitor/i.test(input.libvirtWords)) {
    if (input.elapsedMs < PROBE_MOUNT_TIMEOUT_S * 1000 * 0.8) {
      code = 'auth_failed';
      words =
        `The Ceph monitors at ${where} refused the user "client.${input.username}" with the key this libvirt host holds for it ${said}. ` +
        `Store that user's right key on the libvirt connection (or correct the host's secret). ${input.consequence}`;
    } else {
      code = 'unreachable';
      words = `No Ceph monitor at ${where} let the user "client.${input.username}" in within ${PROBE_MOUNT_TIMEOUT_S} s from this libvirt host ${said}. ${input.consequence}`;
    }
  } else {
    code = 'backend_error';
    words = `This libvirt host could not connect to Ceph at ${where} as the user "client.${input.username}" ${said}. ${input.consequence}`;
  }
  return new BackendError(code, words, { detail: words });
}

const proven = new WeakMap<LibvirtContext, Map<string, number>>();

function cacheKey(ctx: LibvirtContext, c: Rbd, secretUuid: string): string {
  // The key itself is never kept: a hash tells a changed key apart.
  const key = createHash('sha256').update(ctx.cephKey ?? '').digest('hex');
  return JSON.stringify([c.monitors, c.auth?.username, secretUuid, key]);
}

/** The connection stood (the monitors took the key); only the pool that was never there is missing. */
export const connectedThenNoPool = (libvirtWords: string) => /failed to create the RBD IoCTX/i.test(libvirtWords);

/** libvirt without libvirt-daemon-driver-storage-rbd: "missing backend for pool type 9 (rbd)". */
const noRbdBackend = (error: unknown) => isBackendError(error) && /missing backend for pool type|no storage backend .*rbd/i.test(error.detail ?? '');

/**
 * Throws (auth_failed, unreachable, backend_error) when the host cannot connect to Ceph as the
 * volume's user with the key in the secret; only successes are remembered, for PROBE_SUCCESS_TTL_MS. A host whose libvirt has no
 * rbd storage backend cannot probe: the attach then goes on as before (QEMU opens the disk itself).
 */
export async function proveCephAccess(
  ctx: LibvirtContext,
  c: Rbd,
  secretUuid: string,
  opts?: CallOptions & {
    /** Probe even when proven lately (the host's secret may have changed without us). */
    fresh?: boolean;
    /** What a failure leaves undone, in its words (default: the attach). */
    consequence?: string;
  },
): Promise<{ probed: boolean }> {
  if (!c.auth) return { probed: false };
  let seen = proven.get(ctx);
  if (!seen) proven.set(ctx, (seen = new Map()));
  const key = cacheKey(ctx, c, secretUuid);
  const until = seen.get(key);
  if (!opts?.fresh && until && until > Date.now()) return { probed: false };
  const tag = randomUUID().slice(0, 8);
  const xml = probePoolXml({ name: `virtdash-ceph-probe-${tag}`, cephPool: `virtdash-no-such-pool-${tag}`, monitors: c.monitors, username: c.auth.username, secretUuid });
  const started = Date.now();
  let pool: NamedHandle | undefined;
  try {
    pool = await rpc.storagePoolCreateXml(ctx.transport, xml, opts?.signal);
  } catch (error) {
    if (noRbdBackend(error)) return { probed: false };
    if (!isBackendError(error) || error.code === 'cancelled' || !error.detail) throw error;
    if (connectedThenNoPool(error.detail)) {
      seen.set(key, Date.now() + PROBE_SUCCESS_TTL_MS);
      return { probed: true };
    }
    throw probeFailure({
      libvirtWords: error.detail,
      elapsedMs: Date.now() - started,
      monitors: c.monitors,
      username: c.auth.username,
      consequence: opts?.consequence ?? 'Nothing was attached.',
    });
  }
  // A Ceph pool by that name exists after all: the connection stood all the same.
  seen.set(key, Date.now() + PROBE_SUCCESS_TTL_MS);
  try {
    await rpc.storagePoolDestroy(ctx.transport, pool, opts?.signal);
  } catch (error) {
    // A transient pool left running holds one RADOS connection; the attach need not fail for it.
    console.error(`[libvirt] could not destroy the Ceph probe pool ${pool.name}`, error);
  }
  return { probed: true };
}

/**
 * The rbd disks of a domain definition that authenticate with a libvirt secret named by uuid, as
 * connections to prove (pure). A disk with a secret named by usage, or without cephx, is left out.
 */
export function rbdDisksOf(domainXml: string): Array<{ connection: Rbd; secretUuid: string }> {
  const found: Array<{ connection: Rbd; secretUuid: string }> = [];
  for (const disk of children(child(parseXml(domainXml), 'devices'), 'disk')) {
    const source = child(disk, 'source');
    if (disk.attrs.type !== 'network' || source?.attrs.protocol !== 'rbd' || !source.attrs.name) continue;
    const auth = child(source, 'auth');
    const secretUuid = child(auth, 'secret')?.attrs.uuid;
    if (!auth?.attrs.username || !secretUuid) continue;
    const monitors = children(source, 'host').flatMap((h) => (h.attrs.name ? [{ host: h.attrs.name, port: Number(h.attrs.port ?? 6789) || 6789 }] : []));
    if (monitors.length === 0) continue;
    found.push({ connection: { protocol: 'rbd', name: source.attrs.name, monitors, auth: { username: auth.attrs.username }, discard: false }, secretUuid });
  }
  return found;
}

/**
 * Before a stopped VM starts: QEMU opens its rbd disks at start and, with a key the monitors
 * refuse, hangs the start as it hangs a hot-plug. Each distinct (monitors, user, pool, secret) is
 * proven afresh: the key in the host's secret may have changed since the disk was attached.
 */
export async function proveDomainCephDisks(ctx: LibvirtContext, domainXml: string, opts?: CallOptions): Promise<void> {
  const seen = new Set<string>();
  for (const { connection, secretUuid } of rbdDisksOf(domainXml)) {
    const key = JSON.stringify([connection.monitors, connection.auth?.username, secretUuid]);
    if (seen.has(key)) continue;
    seen.add(key);
    await proveCephAccess(ctx, connection, secretUuid, { ...opts, fresh: true, consequence: 'The VM was not started.' });
  }
}
