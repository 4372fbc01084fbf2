// The console WebSocket relay inside the dashboard's own server (websockify-compatible:
// subprotocol `binary`, raw bytes both ways), so a VM's screen shares the dashboard's origin and
// port and works behind any reverse proxy that passes WebSockets.
//
// Everything that can refuse happens BEFORE the upgrade and before any connection to the VM:
// Origin, session, the per-user limit, then the single-use ticket. For VNC the relay answers the
// VM's password challenge itself (./rfb-handshake), so the password never reaches the browser.
//
// Bounds (issue 14): a WebSocket message is at most maxPayloadBytes; at most HANDSHAKE_MAX_BYTES
// are held from either side before the handshake is done, and the handshake must be done within
// handshakeTimeoutMs. A SPICE console's extra channels belong to its console: each is held in the
// user's registry (openCount), is bounded, timed out like the console, and closes with it. A
// console closes when the session it was opened with ends: at once when this process revokes it
// (./revocations), and within sessionCheckMs otherwise (another instance, an expired session).
//
// The per-user limit counts consoles on every instance: each console holds a lease row in the
// database (./leases) for as long as it is open, renewed by a heartbeat, so a user cannot open
// `maxPerUser` consoles through each instance behind a load balancer.
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientIpFrom, trustedProxyHops } from '@/lib/auth/client-ip';
import type { SerialConsoleStream } from '@/lib/backends/types';
import { ByteReader } from './byte-reader';
import { CONSOLE_LEASE_RENEW_MS, databaseConsoleLeases, type ConsoleLeaseStore } from './leases';
import { auditConsole, type ConsoleAuditInput } from './console-audit';
import { isAllowedOrigin } from './origin';
import { onSessionsRevoked } from './revocations';
import { authenticateToVnc, greetBrowser, refuseBrowser } from './rfb-handshake';
import { sessionIsLive, userFromUpgrade, type ConsoleUser } from './session-user';
import { serialConsoleOpener, type SerialConsoleOpener } from './serial-opener';
import { SERIAL_OPEN_MESSAGE } from './serial-protocol';
import { relaySpiceLink } from './spice-handshake';
import { hashConsoleToken, redeemConsoleTicket, type RedeemedConsoleTicket } from './tickets';

/** SPICE opens one socket per channel, all with the page's one URL: at most this many per console, main included. */
export const MAX_SPICE_CHANNELS = 8;

/** The most bytes held from either side before a handshake is done (a SPICE link message is at most 64 KiB). */
export const HANDSHAKE_MAX_BYTES = 80 * 1024;

export const CONSOLE_WS_PATH = '/api/console/ws';

export interface ConsoleRelayOptions {
  /** PUBLIC_URL: its origin may open consoles. */
  publicUrl?: string;
  /** TRUST_PROXY=1 (or N): believe X-Forwarded-Proto/Host for the Origin check. */
  trustProxy: boolean;
  /** Close a console after this long without a byte in either direction. */
  idleTimeoutMs: number;
  /** Open consoles per user, across every dashboard instance on the database (./leases). */
  maxPerUser: number;
  /** Where consoles are counted for the limit; the default is the database's lease table. */
  leases?: ConsoleLeaseStore;
  /** How often this process renews the leases of its open consoles. */
  leaseRenewMs?: number;
  /** How long the VM's console port may take to accept the connection. */
  connectTimeoutMs?: number;
  /** How long the whole handshake (VM connect, VNC/SPICE link) may take before the console is closed. */
  handshakeTimeoutMs?: number;
  /** The largest WebSocket message the browser may send (the ws default is 100 MiB). */
  maxPayloadBytes?: number;
  /** How often open consoles check that their sign-in session still lives. */
  sessionCheckMs?: number;
  /** Tests inject this; the default reads the session row. */
  sessionLive?: (user: ConsoleUser) => Promise<boolean>;
  log?: (line: string) => void;
  /** Tests inject these; the server uses the defaults. */
  resolveUser?: (req: IncomingMessage) => Promise<ConsoleUser | null>;
  redeem?: (token: string, userId: string) => Promise<RedeemedConsoleTicket | null>;
  audit?: (entry: ConsoleAuditInput) => Promise<void>;
  /** Opens a VM's serial console for a redeemed 'serial' ticket; the default is the one lib/console/service.ts registers. */
  openSerial?: SerialConsoleOpener;
}

export interface ConsoleRelay {
  /** Handles the upgrade and returns true when the path is the console's; false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open sockets of a user, SPICE channels included (all users when omitted). */
  openCount(userId?: string): number;
  /** Closes every open console (server shutdown); resolves once their leases are given back. */
  close(): Promise<void>;
}

/** Reads the relay's settings from the environment (README: CONSOLE_IDLE_TIMEOUT_S, CONSOLE_MAX_PER_USER). */
export function consoleRelaySettings(
  env: NodeJS.ProcessEnv = process.env,
): Pick<ConsoleRelayOptions, 'trustProxy' | 'idleTimeoutMs' | 'maxPerUser' | 'publicUrl' | 'sessionCheckMs'> {
  const positive = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    publicUrl: env.PUBLIC_URL,
    trustProxy: trustedProxyHops(env) > 0,
    idleTimeoutMs: positive(env.CONSOLE_IDLE_TIMEOUT_S, 15 * 60) * 1000,
    maxPerUser: Math.floor(positive(env.CONSOLE_MAX_PER_USER, 4)),
    sessionCheckMs: positive(env.CONSOLE_SESSION_CHECK_S, 60) * 1000,
  };
}

function refuse(socket: Duplex, status: number, text: string, reason: string): void {
  // One line the browser never shows (a failed upgrade is opaque to scripts) but curl and logs do.
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
  socket.once('error', () => {});
}

/** One socket the relay holds for a user: a console, or a further channel of a SPICE console. */
interface Held {
  user: ConsoleUser;
  kind: 'console' | 'channel';
  stop: (why: CloseWhy) => void;
  /** A console's lease (./leases), renewed while it is held. */
  leaseId?: string;
}

type CloseWhy = 'browser' | 'vm' | 'idle' | 'failed' | 'shutdown' | 'signed-out' | 'console-closed';

/** WebSocket close codes the console page understands (4000-4999 are the application's own). */
const CLOSE_CODE: Partial<Record<CloseWhy, number>> = { idle: 4000, 'signed-out': 4003 };

interface SpiceSession {
  ticket: RedeemedConsoleTicket;
  userId: string;
  /** The further channels' sockets (the main one is the console itself): they close with the main one. */
  sockets: Set<Held>;
  closed: boolean;
}

export function createConsoleRelay(options: ConsoleRelayOptions): ConsoleRelay {
  const log = options.log ?? (() => {});
  const resolveUser = options.resolveUser ?? ((req: IncomingMessage) => userFromUpgrade(req));
  const redeem = options.redeem ?? ((token: string, userId: string) => redeemConsoleTicket(token, userId));
  const audit = options.audit ?? ((entry: ConsoleAuditInput) => auditConsole(entry));
  const sessionLive = options.sessionLive ?? ((user: ConsoleUser) => (user.sessionId ? sessionIsLive(user.sessionId) : Promise.resolve(true)));
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 20_000;
  // websockify's convention: `binary` when offered; a client that offers nothing still gets binary frames.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // noVNC and spice-html5 send input events and small protocol messages; 1 MiB leaves room for a pasted clipboard.
    maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  const leases = options.leases ?? databaseConsoleLeases();
  // Releases under way: a shutdown waits for them, so a stopped instance's consoles stop counting at once.
  const releasing = new Set<Promise<void>>();
  const giveBackLease = (id: string) => {
    const p = leases.release(id).catch((err: Error) => log(`console lease not released: ${err.message}`));
    releasing.add(p);
    void p.finally(() => releasing.delete(p));
  };
  const open = new Map<string, Set<Held>>();
  const held = (userId: string) => open.get(userId) ?? new Set<Held>();
  const hold = (h: Held) => {
    const mine = open.get(h.user.id) ?? new Set<Held>();
    open.set(h.user.id, mine);
    mine.add(h);
  };
  const release = (h: Held) => {
    const mine = open.get(h.user.id);
    mine?.delete(h);
    if (mine?.size === 0) open.delete(h.user.id);
  };
  // A SPICE console is several sockets (main, display, inputs, cursor…) on the page's one URL. The
  // ticket opens the main channel once; while that channel lives, the same user may join more
  // channels with it, on this instance (a load balancer must keep a client on one instance).
  const spiceSessions = new Map<string, SpiceSession>();

  /** Closes every socket held for a matching session (or for every session of the user). */
  const closeWhere = (match: (user: ConsoleUser) => boolean, why: CloseWhy) => {
    for (const mine of [...open.values()]) for (const h of [...mine]) if (match(h.user)) h.stop(why);
  };
  const unsubscribe = onSessionsRevoked((r) =>
    closeWhere((u) => (r.sessionId !== undefined && u.sessionId === r.sessionId) || (r.userId !== undefined && u.id === r.userId), 'signed-out'),
  );
  // The periodic check: sessions revoked by another instance, expired, or users disabled directly in the database.
  let checking = false;
  const sessionTimer = setInterval(() => {
    if (checking || open.size === 0) return;
    checking = true;
    const users = new Map<string, ConsoleUser>();
    for (const mine of open.values()) for (const h of mine) users.set(h.user.sessionId ?? `user:${h.user.id}`, h.user);
    void Promise.all(
      [...users.entries()].map(async ([key, user]) => {
        const live = await sessionLive(user).catch(() => true); // a database hiccup closes nobody's console
        if (!live) closeWhere((u) => (u.sessionId ?? `user:${u.id}`) === key, 'signed-out');
      }),
    ).finally(() => {
      checking = false;
    });
  }, options.sessionCheckMs ?? 60_000);
  sessionTimer.unref();
  // The heartbeat: this process's consoles keep counting on every instance while they are open.
  const leaseTimer = setInterval(() => {
    const ids: string[] = [];
    for (const mine of open.values()) for (const h of mine) if (h.leaseId) ids.push(h.leaseId);
    // A missed beat is not fatal: a lease lasts three of them.
    leases.renew(ids).catch((err: Error) => log(`console leases not renewed: ${err.message}`));
  }, options.leaseRenewMs ?? CONSOLE_LEASE_RENEW_MS);
  leaseTimer.unref();

  async function admit(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const ip = clientIpFrom(new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : []))));
    if (!isAllowedOrigin(req, options)) {
      log(`console refused: foreign origin ${JSON.stringify(req.headers.origin ?? null)} from ${ip}`);
      return refuse(socket, 403, 'Forbidden', 'origin not allowed');
    }
    const user = await resolveUser(req);
    if (!user) return refuse(socket, 401, 'Unauthorized', 'sign in first');
    const token = url.searchParams.get('ticket') ?? '';
    const session = token ? spiceSessions.get(hashConsoleToken(token)) : undefined;
    if (session && session.userId === user.id) {
      // A further channel of an open SPICE console: bounded per console, and per user by the console limit.
      if (session.sockets.size + 1 >= MAX_SPICE_CHANNELS || held(user.id).size >= options.maxPerUser * MAX_SPICE_CHANNELS) {
        return refuse(socket, 429, 'Too Many Requests', `at most ${MAX_SPICE_CHANNELS} channels per console`);
      }
      if (socket.destroyed) return;
      // Held before the upgrade completes, so channels asked for at once cannot pass the bound together.
      const slot: Held = { user, kind: 'channel', stop: () => {} };
      session.sockets.add(slot);
      hold(slot);
      wss.handleUpgrade(req, socket, head, (ws) => runChannel(ws, user, session, slot));
      return;
    }
    // The limit before the ticket, so a refused console does not burn it.
    const leaseId = await leases.acquire({ userId: user.id, max: options.maxPerUser });
    if (!leaseId) {
      await audit({ actor: user, action: 'console.open', result: 'failure', detail: { reason: 'limit', limit: options.maxPerUser }, ip });
      return refuse(socket, 429, 'Too Many Requests', `at most ${options.maxPerUser} open consoles per user`);
    }
    const giveBack = () => giveBackLease(leaseId);
    let ticket: RedeemedConsoleTicket | null;
    try {
      ticket = token ? await redeem(token, user.id) : null;
    } catch (err) {
      giveBack();
      throw err;
    }
    if (!ticket) {
      giveBack();
      await audit({ actor: user, action: 'console.open', result: 'failure', detail: { reason: token ? 'ticket_invalid' : 'ticket_missing' }, ip });
      return refuse(socket, 403, 'Forbidden', 'no valid console ticket (missing, used, expired or someone else\'s)');
    }
    if (socket.destroyed) return giveBack();
    const key = hashConsoleToken(token);
    const redeemed = ticket;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const spice: SpiceSession | undefined = redeemed.protocol === 'spice' ? { ticket: redeemed, userId: user.id, sockets: new Set(), closed: false } : undefined;
      if (spice) spiceSessions.set(key, spice);
      if (redeemed.protocol === 'serial') return runSerial(ws, user, redeemed, ip, leaseId);
      run(ws, user, redeemed, ip, leaseId, () => {
        if (!spice) return;
        spice.closed = true;
        spiceSessions.delete(key);
        // The console is over: its other channels go with it.
        for (const h of [...spice.sockets]) h.stop('console-closed');
      });
    });
  }

  function run(ws: WebSocket, user: ConsoleUser, ticket: RedeemedConsoleTicket, ip: string, leaseId: string, onFinish: () => void): void {
    const vm = { id: ticket.vmId, name: ticket.vmName };
    const started = Date.now();
    const { tcp, fromVm } = connectToConsole(ticket.host, ticket.port);
    let finished = false;
    let opened = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let closeReason: CloseWhy = 'browser';

    const finish = (why: CloseWhy) => {
      if (finished) return;
      finished = true;
      closeReason = why;
      clearTimeout(idleTimer);
      clearTimeout(connectTimer);
      clearTimeout(handshakeTimer);
      release(me);
      giveBackLease(leaseId);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSE_CODE[why] ?? 1000, why);
      onFinish();
      if (opened) {
        void audit({
          actor: user, action: 'console.close', vm, result: 'success', ip,
          detail: { reason: closeReason, seconds: Math.round((Date.now() - started) / 1000), bytesToBrowser: tcp.bytesRead, bytesToVm: tcp.bytesWritten },
        });
      }
      log(`console ${vm.id} of ${user.username} closed (${closeReason})`);
    };
    const me: Held = { user, kind: 'console', stop: finish, leaseId };
    hold(me);

    const fail = (reason: string) => {
      void audit({ actor: user, action: 'console.open', vm, result: 'failure', ip, detail: { reason, protocol: ticket.protocol } });
      finish('failed');
    };
    const bumpIdle = idleWatch(options.idleTimeoutMs, () => finish('idle'), (t) => (idleTimer = t));

    const browser = new ByteReader(HANDSHAKE_MAX_BYTES);
    const vmReader = new ByteReader(HANDSHAKE_MAX_BYTES);
    // Past the bound the handshake is over, whichever side it is waiting on.
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (!browser.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer))) tcp.destroy(new Error('the browser sent too much before the console was ready'));
    };
    ws.on('message', onMessage);
    ws.on('close', () => {
      browser.fail(new Error('browser closed'));
      finish('browser');
    });
    ws.on('error', () => finish('browser'));
    const toBrowser = (b: Buffer) => ws.send(b, { binary: true });
    const toVm = (b: Buffer) => void tcp.write(b);

    const connectTimer = setTimeout(() => tcp.destroy(new Error(`the console port did not answer within ${connectTimeoutMs / 1000} s`)), connectTimeoutMs);
    const handshakeTimer = setTimeout(() => {
      const late = new Error(`the console handshake did not finish within ${handshakeTimeoutMs / 1000} s`);
      browser.fail(late);
      // Also ends a connect to the VM that neither succeeds nor fails.
      tcp.destroy(late);
    }, handshakeTimeoutMs);
    // Handshake reads are copied: the read buffer is reused until the bytes are only relayed.
    fromVm.sink = (d) => {
      if (!vmReader.push(Buffer.from(d))) tcp.destroy(new Error('the console endpoint sent too much before the console was ready'));
      return true;
    };
    tcp.on('error', (err) => vmReader.fail(err));
    tcp.on('close', () => {
      vmReader.fail(new Error('the VM closed the console connection'));
      if (opened) finish('vm');
    });

    const handshake = async () => {
      await new Promise<void>((resolve, reject) => {
        tcp.once('connect', resolve);
        tcp.once('error', reject);
      });
      clearTimeout(connectTimer);
      if (ticket.protocol === 'vnc') {
        await authenticateToVnc(vmReader, toVm, ticket.password);
        await greetBrowser(browser, toBrowser);
      } else if (ticket.protocol === 'spice') {
        await relaySpiceLink(browser, vmReader, toBrowser, toVm, ticket.password);
      }
    };

    handshake().then(
      () => {
        if (finished) return;
        clearTimeout(handshakeTimer);
        opened = true;
        void audit({ actor: user, action: 'console.open', vm, result: 'success', ip, detail: { protocol: ticket.protocol, host: ticket.host, port: ticket.port } });
        log(`console ${vm.id} (${ticket.protocol} ${ticket.host}:${ticket.port}) opened by ${user.username}`);
        pipeBoth(ws, tcp, fromVm, browser, vmReader, onMessage, () => finish('browser'), bumpIdle);
        bumpIdle();
      },
      async (err: Error) => {
        if (finished) return;
        const reason = err.message || 'the console connection failed';
        log(`console ${vm.id} failed: ${reason}`);
        // noVNC shows an RFB refusal's reason; spice-html5 only sees the close.
        if (ticket.protocol === 'vnc' && ws.readyState === ws.OPEN) {
          await Promise.race([refuseBrowser(browser, toBrowser, reason).catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
        }
        if (ws.readyState === ws.OPEN) ws.close(4001, reason.slice(0, 120));
        fail(reason);
      },
    );
  }

  /**
   * A serial console: no port to connect to; the backend opens the guest's serial port as a byte
   * stream over its own connection (libvirt: virDomainOpenConsole), and the relay carries bytes
   * between it and the WebSocket. Held, limited, timed out, audited and closed like the others.
   */
  function runSerial(ws: WebSocket, user: ConsoleUser, ticket: RedeemedConsoleTicket, ip: string, leaseId: string): void {
    const vm = { id: ticket.vmId, name: ticket.vmName };
    const started = Date.now();
    const opening = new AbortController();
    let stream: SerialConsoleStream | undefined;
    let finished = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let bytesToBrowser = 0;
    let bytesToVm = 0;
    // Keys typed before the stream is open go first once it is (bounded like a handshake).
    const early: Buffer[] = [];
    let earlyBytes = 0;

    const finish = (why: CloseWhy) => {
      if (finished) return;
      finished = true;
      clearTimeout(idleTimer);
      clearTimeout(openTimer);
      release(me);
      giveBackLease(leaseId);
      opening.abort(new Error('the console closed'));
      stream?.finish();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSE_CODE[why] ?? 1000, why);
      if (stream) {
        void audit({
          actor: user, action: 'console.close', vm, result: 'success', ip,
          detail: { reason: why, protocol: 'serial', seconds: Math.round((Date.now() - started) / 1000), bytesToBrowser, bytesToVm },
        });
      }
      log(`serial console ${vm.id} of ${user.username} closed (${why})`);
    };
    const me: Held = { user, kind: 'console', stop: finish, leaseId };
    hold(me);
    const bumpIdle = idleWatch(options.idleTimeoutMs, () => finish('idle'), (t) => (idleTimer = t));
    const fail = (reason: string) => {
      log(`serial console ${vm.id} failed: ${reason}`);
      void audit({ actor: user, action: 'console.open', vm, result: 'failure', ip, detail: { reason, protocol: 'serial' } });
      if (ws.readyState === ws.OPEN) ws.close(4001, reason.slice(0, 120));
      finish('failed');
    };

    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (finished) return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (!stream) {
        earlyBytes += bytes.length;
        if (earlyBytes > HANDSHAKE_MAX_BYTES) return fail('the browser sent too much before the console was ready');
        early.push(bytes);
        return;
      }
      bytesToVm += bytes.length;
      stream.write(bytes);
      bumpIdle();
    });
    ws.on('close', () => finish('browser'));
    ws.on('error', () => finish('browser'));

    const openTimer = setTimeout(() => opening.abort(new Error(`the serial console did not open within ${handshakeTimeoutMs / 1000} s`)), handshakeTimeoutMs);
    const opener = options.openSerial ?? serialConsoleOpener();
    const opened = opener
      ? opener({ connectionId: ticket.connectionId, vmId: ticket.vmId }, opening.signal)
      : Promise.reject(new Error('serial consoles are not available on this dashboard instance yet'));
    // A stream that opens only after the abort (the opener ignored it) is ended at once.
    const aborted = new Promise<never>((_, reject) => opening.signal.addEventListener('abort', () => reject(opening.signal.reason as Error), { once: true }));
    Promise.race([opened, aborted]).then(
      (s) => {
        clearTimeout(openTimer);
        if (finished) return s.finish();
        stream = s;
        // The page learns that the guest's port is really open (a silent guest sends nothing): one
        // text message; everything from the guest is binary.
        ws.send(SERIAL_OPEN_MESSAGE);
        void audit({ actor: user, action: 'console.open', vm, result: 'success', ip, detail: { protocol: 'serial' } });
        log(`serial console ${vm.id} opened by ${user.username}`);
        s.onData((bytes) => {
          if (finished) return;
          bytesToBrowser += bytes.length;
          ws.send(bytes, { binary: true });
          bumpIdle();
        });
        s.closed.then(
          () => finish('vm'),
          () => finish('vm'),
        );
        for (const b of early.splice(0)) {
          bytesToVm += b.length;
          s.write(b);
        }
        bumpIdle();
      },
      (err: Error) => {
        void opened.then((s) => s.finish(), () => {});
        if (finished) return;
        fail(err.message || 'the serial console could not be opened');
      },
    );
  }

  /** A further SPICE channel of an open console: link with the password, then bytes; no audit of its own. */
  function runChannel(ws: WebSocket, user: ConsoleUser, session: SpiceSession, slot: Held): void {
    const { ticket } = session;
    const { tcp, fromVm } = connectToConsole(ticket.host, ticket.port);
    const browser = new ByteReader(HANDSHAKE_MAX_BYTES);
    const vmReader = new ByteReader(HANDSHAKE_MAX_BYTES);
    // Past the bound the handshake is over, whichever side it is waiting on.
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (!browser.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer))) tcp.destroy(new Error('the browser sent too much before the console was ready'));
    };
    let done = false;
    let idleTimer: NodeJS.Timeout | undefined;
    const end = (why: CloseWhy = 'browser') => {
      if (done) return;
      done = true;
      clearTimeout(idleTimer);
      clearTimeout(handshakeTimer);
      session.sockets.delete(slot);
      release(slot);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSE_CODE[why] ?? 1000, why);
    };
    const bumpIdle = idleWatch(options.idleTimeoutMs, () => end('idle'), (t) => (idleTimer = t));
    const handshakeTimer = setTimeout(() => {
      const late = new Error('handshake timeout');
      browser.fail(late);
      tcp.destroy(late);
    }, handshakeTimeoutMs);
    slot.stop = end;
    // The main channel may have closed while this one was upgrading.
    if (session.closed) return end('console-closed');
    ws.on('message', onMessage);
    ws.on('close', () => {
      browser.fail(new Error('browser closed'));
      end();
    });
    ws.on('error', () => end());
    // Handshake reads are copied: the read buffer is reused until the bytes are only relayed.
    fromVm.sink = (d) => {
      if (!vmReader.push(Buffer.from(d))) tcp.destroy(new Error('the console endpoint sent too much before the console was ready'));
      return true;
    };
    tcp.on('error', (err) => vmReader.fail(err));
    tcp.on('close', () => {
      vmReader.fail(new Error('closed'));
      end('vm');
    });
    relaySpiceLink(browser, vmReader, (b) => ws.send(b, { binary: true }), (b) => void tcp.write(b), ticket.password).then(
      () => {
        if (done) return;
        clearTimeout(handshakeTimer);
        pipeBoth(ws, tcp, fromVm, browser, vmReader, onMessage, () => end(), bumpIdle);
        bumpIdle();
      },
      () => end('failed'),
    );
  }

  return {
    handleUpgrade(req, socket, head) {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://relay');
      } catch {
        return false;
      }
      if (url.pathname !== CONSOLE_WS_PATH) return false;
      admit(req, socket, head, url).catch((err: Error) => {
        log(`console upgrade failed: ${err.message}`);
        if (!socket.destroyed) refuse(socket, 500, 'Internal Server Error', 'console relay error');
      });
      return true;
    },
    openCount(userId) {
      if (userId) return held(userId).size;
      let n = 0;
      for (const s of open.values()) n += s.size;
      return n;
    },
    async close() {
      clearInterval(sessionTimer);
      clearInterval(leaseTimer);
      unsubscribe();
      closeWhere(() => true, 'shutdown');
      wss.close();
      // Bounded: a database that does not answer must not hold the shutdown (the leases then expire).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...releasing]), new Promise((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
    },
  };
}

/**
 * Returns `bump`, called at every chunk: it only notes the time (a timer per chunk was measurable
 * at hundreds of chunks a second); the one timer, when it fires, closes the console or waits for
 * the rest of the idle time since the last chunk. `arm` hands the caller the timer to clear.
 */
function idleWatch(idleMs: number, onIdle: () => void, arm: (t: NodeJS.Timeout) => void): () => void {
  let last = 0;
  let armed = false;
  const check = () => {
    const left = last + idleMs - Date.now();
    if (left <= 0) return onIdle();
    arm(setTimeout(check, left));
  };
  return () => {
    last = Date.now();
    if (armed) return;
    armed = true;
    arm(setTimeout(check, idleMs));
  };
}

/**
 * Reads from a VM's console port land in slabs of READ_SLAB bytes, each read given the next
 * READ_MAX bytes of the current slab: no allocation per read, and a relayed chunk is a view of the
 * slab, not a copy (a slab is freed once every frame cut from it has been written to the browser;
 * small reads pack densely into it). Reads of up to 256 KiB, not Node's 64 KiB, send a busy screen
 * in a quarter of the frames and syscalls (the benchmark's chunk-size runs: 256 KiB and 512 KiB
 * reads beat 64 KiB ones; 512 KiB frames cost the receiving end more reassembly).
 */
const READ_SLAB = 512 * 1024;
const READ_MAX = 256 * 1024;

/**
 * How many bytes toward the browser may wait in this process before the VM's socket is paused.
 * Frames are sent as reads come, several in flight: waiting for each frame to be written before
 * reading the next (a Node stream pipe through createWebSocketStream, whose buffer is smaller than
 * one read) stops and restarts reading the VM's socket at every chunk.
 */
export const TO_BROWSER_HIGH_WATER = 1024 * 1024;

/** Where a console socket's reads go: return false to pause the socket (it resumes with tcp.resume()). */
interface VmSink {
  sink: (bytes: Buffer) => boolean;
}

function connectToConsole(host: string, port: number): { tcp: net.Socket; fromVm: VmSink } {
  const fromVm: VmSink = { sink: () => true };
  let slab = Buffer.allocUnsafe(0);
  let offset = 0;
  const tcp = net.connect({
    host,
    port,
    onread: {
      buffer: () => {
        if (slab.length - offset < READ_MAX) {
          slab = Buffer.allocUnsafe(READ_SLAB);
          offset = 0;
        }
        return slab.subarray(offset, offset + READ_MAX);
      },
      callback: (n: number, buf: Uint8Array) => {
        offset += n;
        return fromVm.sink((buf as Buffer).subarray(0, n));
      },
    },
  });
  // Keystrokes and pointer moves go out at once (no Nagle delay on round trips).
  tcp.setNoDelay(true);
  return { tcp, fromVm };
}

/** After the handshake: bytes only, with backpressure both ways; what arrived early goes first. */
function pipeBoth(
  ws: WebSocket,
  tcp: net.Socket,
  fromVm: VmSink,
  browser: ByteReader,
  vmReader: ByteReader,
  onMessage: (data: Buffer | ArrayBuffer | Buffer[]) => void,
  onError: () => void,
  onTraffic: () => void,
): void {
  ws.off('message', onMessage);
  const early = browser.drain();
  const earlyVm = vmReader.drain();
  if (early.length) tcp.write(early);
  if (earlyVm.length) ws.send(earlyVm, { binary: true });

  // VM → browser: each read is one binary frame (a server does not mask; the read is not copied).
  let vmPaused = false;
  const resumeVm = (err?: Error) => {
    if (err) return onError();
    if (vmPaused && ws.readyState === ws.OPEN) {
      vmPaused = false;
      tcp.resume();
    }
  };
  fromVm.sink = (d) => {
    onTraffic();
    if (ws.readyState !== ws.OPEN) return true;
    if (ws.bufferedAmount + d.length <= TO_BROWSER_HIGH_WATER) {
      ws.send(d, { binary: true });
      return true;
    }
    // Past the mark: the VM waits until this frame, and so every frame before it, has been written.
    vmPaused = true;
    ws.send(d, { binary: true }, resumeVm);
    return false;
  };

  // Browser → VM: the browser's socket pauses while the VM's socket is full.
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    onTraffic();
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!tcp.write(chunk) && !ws.isPaused) {
      ws.pause();
      tcp.once('drain', () => ws.resume());
    }
  });
}
