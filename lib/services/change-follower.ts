import 'server-only';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { hasCapability } from '@/lib/backends/capabilities';
import { CAPABILITY_OF_KIND, CHANGE_KINDS, type Change, type ChangeBatch, type ChangeKind } from '@/lib/backends/change-types';
import type { Backend } from '@/lib/backends/types';
import { databaseTarget, type DatabaseTarget } from '@/lib/db/target';
import { invalidate } from './backend-cache';
import { listEnabledBackends } from './connections';
import { expireFollowed, HEARTBEAT_MS, liveKinds, markChanged, markFollowed, resourcesOf } from './followed';

/**
 * Follows each connection's change feed (Backend.followChanges) in ONE dashboard instance and tells
 * every instance what changed.
 *
 * - Leader per connection: a session-level PostgreSQL advisory lock on (LEADER_LOCK_CLASS,
 *   hashtext(connection id)), tried with pg_try_advisory_lock on this instance's own database
 *   session. An instance that dies loses its session and with it its locks; the others try every
 *   `claimEveryMs` and one of them takes the connection over.
 * - Fan-out: the leader NOTIFYs CHANNEL with what changed (kind, connection, ids: never state);
 *   every instance LISTENs on the same session and, on each notification (its own included),
 *   drops the matching backend-cache entries and hands the change to its browsers' streams.
 * - The embedded database (PGlite) belongs to one process: there the lock is a set in this
 *   process and a notification is delivered to this process's followers directly.
 * - Down: a leader whose feed fails or stops answering (the adapter's read deadline) NOTIFYs
 *   "stopped"; a leader not heard for 3 heartbeats (died, lost its session) is taken as stopped too.
 *   Every instance then drops all cached reads of that connection and tells its streams which
 *   kinds the live feeds still cover (coverage()), so browsers poll at their own pace again at once
 *   and see the failure as they would have without push.
 *
 * Payloads stay under PostgreSQL's 8000-byte NOTIFY limit: a change naming too many ids is sent
 * as "some of this kind" instead.
 */

export const CHANGE_CHANNEL = 'virtdash_changes';
// The advisory lock's class (first key); distinct from named-lock.ts's 730_195.
const LEADER_LOCK_CLASS = 730_196;
const MAX_PAYLOAD = 7_500;

export interface ConnectionChanges extends ChangeBatch {
  connectionId: string;
}

export interface ChangeFollowerOptions {
  target?: DatabaseTarget;
  /** The connections to follow (those with followChanges). */
  backends?: () => Promise<Backend[]>;
  /** How often leadership of unled connections is tried (the takeover time after a leader dies). */
  claimEveryMs?: number;
  log?: (line: string) => void;
}

const wireSchema = z.object({
  c: z.string().min(1).max(200),
  e: z.literal(true).optional(),
  ch: z.array(z.object({ k: z.enum(CHANGE_KINDS), i: z.array(z.string().max(400)).max(1000) })).max(CHANGE_KINDS.length).optional(),
  // The feed is live and reports these kinds (heartbeat), or stopped (false).
  l: z.union([z.array(z.enum(CHANGE_KINDS)), z.literal(false)]).optional(),
});
type Wire = z.infer<typeof wireSchema>;

/** The PGlite stand-ins for locks and notifications, per process (Next may load this module twice). */
const local = globalThis as unknown as { __virtdashChangeLocks?: Set<string>; __virtdashChangeReceivers?: Set<(payload: string) => void> };
const localLocks = (local.__virtdashChangeLocks ??= new Set());
const localReceivers = (local.__virtdashChangeReceivers ??= new Set());

export function encodeChanges(message: Wire): string {
  const text = JSON.stringify(message);
  if (text.length <= MAX_PAYLOAD) return text;
  // Too many ids for one notification: name the kinds only.
  return JSON.stringify({ ...message, ch: message.ch?.map((c) => ({ k: c.k, i: [] })) });
}

export class ChangeFollower {
  readonly instanceId = randomUUID();
  private readonly target: DatabaseTarget;
  private readonly backends: () => Promise<Backend[]>;
  private readonly claimEveryMs: number;
  private readonly log: (line: string) => void;
  private client?: pg.Client;
  private clientReady?: Promise<pg.Client>;
  /** Connections this instance leads: their feed's stop switch and the kinds it reports once live. */
  private readonly led = new Map<string, { stop: AbortController; kinds?: readonly ChangeKind[] }>();
  private readonly listeners = new Set<(changes: ConnectionChanges) => void>();
  private readonly coverageListeners = new Set<(kinds: readonly ChangeKind[]) => void>();
  /** Every enabled connection, as of the last claim round (coverage asks which of them show each kind). */
  private known: Backend[] = [];
  private covered: readonly ChangeKind[] = [];
  private claimTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private watchdogTimer?: NodeJS.Timeout;
  private claiming?: Promise<void>;
  private stopped = false;
  private readonly receive = (payload: string) => this.onNotification(payload);

  constructor(options: ChangeFollowerOptions = {}) {
    this.target = options.target ?? databaseTarget();
    this.backends = options.backends ?? listEnabledBackends;
    this.claimEveryMs = options.claimEveryMs ?? 5_000;
    this.log = options.log ?? ((line) => console.log(`[changes] ${line}`));
  }

  async start(): Promise<void> {
    if (this.target.kind === 'pglite') localReceivers.add(this.receive);
    else await this.connect();
    await this.claim();
    this.claimTimer = setInterval(() => void this.claim(), this.claimEveryMs);
    this.heartbeatTimer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    // A second is fine-grained enough against a grace of three heartbeats.
    this.watchdogTimer = setInterval(() => this.expire(), 1_000);
    this.claimTimer.unref?.();
    this.heartbeatTimer.unref?.();
    this.watchdogTimer.unref?.();
  }

  /** Stops following (releasing leadership at once) and listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.claimTimer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.watchdogTimer);
    await this.claiming?.catch(() => {});
    for (const id of [...this.led.keys()]) await this.release(id, true);
    localReceivers.delete(this.receive);
    const client = this.client;
    this.client = undefined;
    this.clientReady = undefined;
    await client?.end().catch(() => {});
  }

  /** For tests: this instance's database session ends as if the process were killed (no unlock, no goodbye). */
  crashForTest(): void {
    this.stopped = true;
    clearInterval(this.claimTimer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.watchdogTimer);
    for (const { stop } of this.led.values()) stop.abort();
    this.led.clear();
    localReceivers.delete(this.receive);
    for (const id of this.ownsLocal) localLocks.delete(id);
    this.ownsLocal.clear();
    (this.client as unknown as { connection?: { stream?: { destroy(): void } } } | undefined)?.connection?.stream?.destroy();
    this.client = undefined;
  }

  /** The connections this instance follows now. */
  leading(): string[] {
    return [...this.led.keys()];
  }

  /** Every change any instance's leader reports, as this instance learns it (after its cache dropped the stale reads). */
  subscribe(fn: (changes: ConnectionChanges) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The change kinds that live feeds cover now: a kind is covered when some enabled connection
   * shows objects of it and every such connection's feed is live and reports it. A page showing
   * only covered kinds may poll slowly; any other keeps its own pace.
   */
  coverage(): readonly ChangeKind[] {
    return this.covered;
  }

  /** Calls `fn` whenever coverage() changes (a feed came up, went down, a connection came or went). */
  subscribeCoverage(fn: (kinds: readonly ChangeKind[]) => void): () => void {
    this.coverageListeners.add(fn);
    return () => this.coverageListeners.delete(fn);
  }

  private recomputeCoverage(): void {
    const now = Date.now();
    const next = CHANGE_KINDS.filter((kind) => {
      const showing = this.known.filter((b) => hasCapability(b, CAPABILITY_OF_KIND[kind]));
      return showing.length > 0 && showing.every((b) => liveKinds(b.id, now)?.includes(kind));
    });
    if (next.length === this.covered.length && next.every((k) => this.covered.includes(k))) return;
    this.covered = next;
    for (const fn of [...this.coverageListeners]) {
      try {
        fn(next);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  /** A feed is down (said so, or silent for 3 heartbeats): none of its connection's cached reads can be trusted to be current. */
  private down(connectionId: string): void {
    invalidate(connectionId);
    this.recomputeCoverage();
  }

  private expire(): void {
    for (const id of expireFollowed()) {
      this.log(`the change feed of ${id} was not heard for three heartbeats: taken as down`);
      this.down(id);
    }
  }

  // ───────────────────────────── the database session ─────────────────────────────

  private connect(): Promise<pg.Client> {
    if (this.target.kind !== 'postgres') throw new Error('no session on the embedded database');
    const url = this.target.url;
    this.clientReady ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      const lost = (why: string) => {
        if (this.client !== client) return;
        this.client = undefined;
        this.clientReady = undefined;
        // The session held the locks: they are gone, and so is every notification until we listen again.
        for (const id of [...this.led.keys()]) void this.release(id, false);
        if (!this.stopped) this.log(`database session lost (${why}); listening again at the next claim`);
      };
      client.on('error', (error) => lost(error.message));
      client.on('end', () => lost('ended'));
      client.on('notification', (msg) => {
        if (msg.channel === CHANGE_CHANNEL && msg.payload) this.onNotification(msg.payload);
      });
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      this.client = client;
      return client;
    })().catch((error: unknown) => {
      this.clientReady = undefined;
      throw error;
    });
    return this.clientReady;
  }

  private readonly ownsLocal = new Set<string>();

  private async tryLock(connectionId: string): Promise<boolean> {
    if (this.target.kind === 'pglite') {
      if (localLocks.has(connectionId)) return false;
      localLocks.add(connectionId);
      this.ownsLocal.add(connectionId);
      return true;
    }
    const client = await this.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int4, hashtext($2)) AS ok', [LEADER_LOCK_CLASS, connectionId]);
    return rows[0]?.ok === true;
  }

  private async unlock(connectionId: string): Promise<void> {
    if (this.target.kind === 'pglite') {
      if (this.ownsLocal.delete(connectionId)) localLocks.delete(connectionId);
      return;
    }
    await this.client?.query('SELECT pg_advisory_unlock($1::int4, hashtext($2))', [LEADER_LOCK_CLASS, connectionId]).catch(() => {});
  }

  private async notify(message: Wire): Promise<void> {
    const payload = encodeChanges(message);
    if (this.target.kind === 'pglite') {
      for (const receive of [...localReceivers]) queueMicrotask(() => receive(payload));
      return;
    }
    const client = await this.connect();
    await client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
  }

  // ───────────────────────────── leadership ─────────────────────────────

  private claim(): Promise<void> {
    this.claiming ??= this.claimNow()
      .catch((error: unknown) => this.log(`cannot claim change feeds: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.claiming = undefined));
    return this.claiming;
  }

  private async claimNow(): Promise<void> {
    if (this.stopped) return;
    if (this.target.kind === 'postgres') await this.connect();
    this.known = await this.backends();
    this.recomputeCoverage();
    const backends = this.known.filter((b) => typeof b.followChanges === 'function');
    const present = new Set(backends.map((b) => b.id));
    for (const id of [...this.led.keys()]) if (!present.has(id)) await this.release(id, true);
    for (const backend of backends) {
      if (this.stopped) return;
      if (this.led.has(backend.id)) continue;
      if (await this.tryLock(backend.id)) this.lead(backend);
    }
  }

  private lead(backend: Backend): void {
    const stop = new AbortController();
    const entry: { stop: AbortController; kinds?: readonly ChangeKind[] } = { stop };
    this.led.set(backend.id, entry);
    this.log(`following ${backend.name} (${backend.id}) in instance ${this.instanceId.slice(0, 8)}`);
    void backend
      .followChanges!((batch) => {
        if (!entry.kinds) {
          entry.kinds = backend.changeKinds ?? [];
          void this.send({ c: backend.id, l: [...entry.kinds] });
        }
        void this.send(toWire(backend.id, batch));
      }, { signal: stop.signal })
      .catch((error: unknown) => {
        if (!stop.signal.aborted) this.log(`the change feed of ${backend.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        // Ended (failed, or stopped): give the connection up, so this or another instance starts it afresh.
        if (this.led.get(backend.id) === entry) void this.release(backend.id, true);
      });
  }

  private async release(connectionId: string, unlock: boolean): Promise<void> {
    const entry = this.led.get(connectionId);
    if (!entry) return;
    this.led.delete(connectionId);
    entry.stop.abort();
    if (entry.kinds) await this.send({ c: connectionId, l: false });
    if (unlock) await this.unlock(connectionId);
  }

  private async beat(): Promise<void> {
    for (const [id, entry] of this.led) if (entry.kinds) await this.send({ c: id, l: [...entry.kinds] });
  }

  private async send(message: Wire): Promise<void> {
    try {
      await this.notify(message);
    } catch (error) {
      this.log(`cannot publish a change of ${message.c}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // ───────────────────────────── receiving ─────────────────────────────

  private onNotification(payload: string): void {
    let message: Wire;
    try {
      const parsed = wireSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) return;
      message = parsed.data;
    } catch {
      return;
    }
    const connectionId = message.c;
    if (message.l === false) {
      markFollowed(connectionId, false);
      this.down(connectionId);
    } else if (message.l !== undefined && markFollowed(connectionId, message.l)) this.recomputeCoverage();
    const changes: Change[] = (message.ch ?? []).map((c) => ({ kind: c.k, ids: c.i }));
    if (!message.e && changes.length === 0) return;
    // What changed keeps short cache lifetimes for a while: what follows a change often has no event of its own.
    markChanged(connectionId, message.e ? 'everything' : changes.map((c) => c.kind));
    if (message.e) invalidate(connectionId);
    else for (const resource of resourcesOf(changes.map((c) => c.kind))) invalidate(connectionId, `${resource}:`);
    const event: ConnectionChanges = { connectionId, changes, ...(message.e ? { everything: true } : {}) };
    for (const fn of [...this.listeners]) {
      try {
        fn(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }
}

function toWire(connectionId: string, batch: ChangeBatch): Wire {
  return batch.everything ? { c: connectionId, e: true } : { c: connectionId, ch: batch.changes.map((c) => ({ k: c.kind, i: c.ids })) };
}

// ───────────────────────────── the process's follower ─────────────────────────────

/** VIRTDASH_PUSH=off: no feed is followed and browsers poll at today's pace (the benchmark's baseline; an escape hatch). */
export function pushEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VIRTDASH_PUSH?.trim().toLowerCase() !== 'off';
}

const globalForFollower = globalThis as unknown as { __virtdashChangeFollower?: Promise<ChangeFollower> };

/** This process's follower, started on first use (startup starts it; a route may ask first). */
export function changeFollower(): Promise<ChangeFollower> {
  globalForFollower.__virtdashChangeFollower ??= (async () => {
    const follower = new ChangeFollower();
    await follower.start();
    return follower;
  })().catch((error: unknown) => {
    globalForFollower.__virtdashChangeFollower = undefined;
    throw error;
  });
  return globalForFollower.__virtdashChangeFollower;
}

/** Stops this process's follower, if it started (shutdown, tests). */
export async function stopChangeFollower(): Promise<void> {
  const running = globalForFollower.__virtdashChangeFollower;
  globalForFollower.__virtdashChangeFollower = undefined;
  await (await running?.catch(() => undefined))?.stop();
}
