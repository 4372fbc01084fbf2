// The console WebSocket relay inside the dashboard's own server (websockify-compatible:
// subprotocol `binary`, raw bytes both ways), so a VM's screen shares the dashboard's origin and
// port and works behind any reverse proxy that passes WebSockets.
//
// Everything that can refuse happens BEFORE the upgrade and before any connection to the VM:
// Origin, session, the per-user limit, then the single-use ticket. For VNC the relay answers the
// VM's password challenge itself (./rfb-handshake), so the password never reaches the browser.
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { clientIpFrom, trustedProxyHops } from '@/lib/auth/client-ip';
import { ByteReader } from './byte-reader';
import { auditConsole, type ConsoleAuditInput } from './console-audit';
import { isAllowedOrigin } from './origin';
import { authenticateToVnc, greetBrowser, refuseBrowser } from './rfb-handshake';
import { userFromUpgrade, type ConsoleUser } from './session-user';
import { relaySpiceLink } from './spice-handshake';
import { hashConsoleToken, redeemConsoleTicket, type RedeemedConsoleTicket } from './tickets';

/** SPICE opens one socket per channel, all with the page's one URL: at most this many per console. */
const MAX_SPICE_CHANNELS = 8;

export const CONSOLE_WS_PATH = '/api/console/ws';

export interface ConsoleRelayOptions {
  /** PUBLIC_URL: its origin may open consoles. */
  publicUrl?: string;
  /** TRUST_PROXY=1 (or N): believe X-Forwarded-Proto/Host for the Origin check. */
  trustProxy: boolean;
  /** Close a console after this long without a byte in either direction. */
  idleTimeoutMs: number;
  /** Open consoles per user, per dashboard instance. */
  maxPerUser: number;
  /** How long the VM's console port may take to accept the connection. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
  /** Tests inject these; the server uses the defaults. */
  resolveUser?: (req: IncomingMessage) => Promise<ConsoleUser | null>;
  redeem?: (token: string, userId: string) => Promise<RedeemedConsoleTicket | null>;
  audit?: (entry: ConsoleAuditInput) => Promise<void>;
}

export interface ConsoleRelay {
  /** Handles the upgrade and returns true when the path is the console's; false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open consoles of a user (all users when omitted). */
  openCount(userId?: string): number;
  /** Closes every open console (server shutdown). */
  close(): void;
}

/** Reads the relay's settings from the environment (README: CONSOLE_IDLE_TIMEOUT_S, CONSOLE_MAX_PER_USER). */
export function consoleRelaySettings(env: NodeJS.ProcessEnv = process.env): Pick<ConsoleRelayOptions, 'trustProxy' | 'idleTimeoutMs' | 'maxPerUser' | 'publicUrl'> {
  const positive = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    publicUrl: env.PUBLIC_URL,
    trustProxy: trustedProxyHops(env) > 0,
    idleTimeoutMs: positive(env.CONSOLE_IDLE_TIMEOUT_S, 15 * 60) * 1000,
    maxPerUser: Math.floor(positive(env.CONSOLE_MAX_PER_USER, 4)),
  };
}

function refuse(socket: Duplex, status: number, text: string, reason: string): void {
  // One line the browser never shows (a failed upgrade is opaque to scripts) but curl and logs do.
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
  socket.once('error', () => {});
}

export function createConsoleRelay(options: ConsoleRelayOptions): ConsoleRelay {
  const log = options.log ?? (() => {});
  const resolveUser = options.resolveUser ?? ((req: IncomingMessage) => userFromUpgrade(req));
  const redeem = options.redeem ?? ((token: string, userId: string) => redeemConsoleTicket(token, userId));
  const audit = options.audit ?? ((entry: ConsoleAuditInput) => auditConsole(entry));
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  // websockify's convention: `binary` when offered; a client that offers nothing still gets binary frames.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  const open = new Map<string, Set<() => void>>();
  const count = (userId: string) => open.get(userId)?.size ?? 0;
  // A SPICE console is several sockets (main, display, inputs, cursor…) on the page's one URL. The
  // ticket opens the main channel once; while that channel lives, the same user may join more
  // channels with it, on this instance (a load balancer must keep a client on one instance).
  const spiceSessions = new Map<string, { ticket: RedeemedConsoleTicket; userId: string; channels: number }>();

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
    if (session && session.userId === user.id && session.channels < MAX_SPICE_CHANNELS) {
      session.channels++;
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => run(ws, user, session.ticket, ip, { channelOf: session }));
      return;
    }
    if (count(user.id) >= options.maxPerUser) {
      await audit({ actor: user, action: 'console.open', result: 'failure', detail: { reason: 'limit', limit: options.maxPerUser }, ip });
      return refuse(socket, 429, 'Too Many Requests', `at most ${options.maxPerUser} open consoles per user`);
    }
    const ticket = token ? await redeem(token, user.id) : null;
    if (!ticket) {
      await audit({ actor: user, action: 'console.open', result: 'failure', detail: { reason: token ? 'ticket_invalid' : 'ticket_missing' }, ip });
      return refuse(socket, 403, 'Forbidden', 'no valid console ticket (missing, used, expired or someone else\'s)');
    }
    if (socket.destroyed) return;
    const key = hashConsoleToken(token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (ticket.protocol === 'spice') {
        const s = { ticket, userId: user.id, channels: 1 };
        spiceSessions.set(key, s);
        ws.once('close', () => spiceSessions.delete(key));
      }
      run(ws, user, ticket, ip);
    });
  }

  function run(ws: WebSocket, user: ConsoleUser, ticket: RedeemedConsoleTicket, ip: string, extra: { channelOf?: { channels: number } } = {}): void {
    if (extra.channelOf) return runChannel(ws, ticket, extra.channelOf);
    const vm = { id: ticket.vmId, name: ticket.vmName };
    const started = Date.now();
    const tcp = net.connect({ host: ticket.host, port: ticket.port });
    tcp.setNoDelay(true);
    let finished = false;
    let opened = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let closeReason = 'browser';

    const mine = open.get(user.id) ?? new Set<() => void>();
    open.set(user.id, mine);
    const finish = (why: string) => {
      if (finished) return;
      finished = true;
      closeReason = why;
      clearTimeout(idleTimer);
      clearTimeout(connectTimer);
      mine.delete(stop);
      if (mine.size === 0) open.delete(user.id);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(why === 'idle' ? 4000 : 1000, why);
      if (opened) {
        void audit({
          actor: user, action: 'console.close', vm, result: 'success', ip,
          detail: { reason: closeReason, seconds: Math.round((Date.now() - started) / 1000), bytesToBrowser: tcp.bytesRead, bytesToVm: tcp.bytesWritten },
        });
      }
      log(`console ${vm.id} of ${user.username} closed (${closeReason})`);
    };
    const stop = () => finish('shutdown');
    mine.add(stop);

    const fail = (reason: string) => {
      void audit({ actor: user, action: 'console.open', vm, result: 'failure', ip, detail: { reason, protocol: ticket.protocol } });
      finish('failed');
    };
    const bumpIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish('idle'), options.idleTimeoutMs);
    };

    const browser = new ByteReader();
    const vmReader = new ByteReader();
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => browser.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    ws.on('message', onMessage);
    ws.on('close', () => {
      browser.fail(new Error('browser closed'));
      finish('browser');
    });
    ws.on('error', () => finish('browser'));
    const toBrowser = (b: Buffer) => ws.send(b, { binary: true });
    const toVm = (b: Buffer) => void tcp.write(b);

    const connectTimer = setTimeout(() => tcp.destroy(new Error(`the console port did not answer within ${connectTimeoutMs / 1000} s`)), connectTimeoutMs);
    tcp.on('data', (d: Buffer) => vmReader.push(d));
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
        opened = true;
        void audit({ actor: user, action: 'console.open', vm, result: 'success', ip, detail: { protocol: ticket.protocol, host: ticket.host, port: ticket.port } });
        log(`console ${vm.id} (${ticket.protocol} ${ticket.host}:${ticket.port}) opened by ${user.username}`);
        // From here on: bytes only, with backpressure both ways.
        ws.off('message', onMessage);
        tcp.removeAllListeners('data');
        const stream = createWebSocketStream(ws);
        stream.on('error', () => finish('browser'));
        const fromBrowser = browser.drain();
        const fromVm = vmReader.drain();
        if (fromBrowser.length) tcp.write(fromBrowser);
        if (fromVm.length) toBrowser(fromVm);
        stream.on('data', bumpIdle);
        tcp.on('data', bumpIdle);
        stream.pipe(tcp);
        tcp.pipe(stream);
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

  /** A further SPICE channel of an open console: link with the password, then bytes; no audit of its own. */
  function runChannel(ws: WebSocket, ticket: RedeemedConsoleTicket, session: { channels: number }): void {
    const tcp = net.connect({ host: ticket.host, port: ticket.port });
    tcp.setNoDelay(true);
    const browser = new ByteReader();
    const vmReader = new ByteReader();
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => browser.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      session.channels--;
      tcp.destroy();
      if (ws.readyState === ws.OPEN) ws.close(1000);
    };
    ws.on('message', onMessage);
    ws.on('close', () => {
      browser.fail(new Error('browser closed'));
      end();
    });
    tcp.on('data', (d: Buffer) => vmReader.push(d));
    tcp.on('error', (err) => vmReader.fail(err));
    tcp.on('close', () => {
      vmReader.fail(new Error('closed'));
      end();
    });
    relaySpiceLink(browser, vmReader, (b) => ws.send(b, { binary: true }), (b) => void tcp.write(b), ticket.password).then(
      () => {
        if (done) return;
        ws.off('message', onMessage);
        tcp.removeAllListeners('data');
        const stream = createWebSocketStream(ws);
        stream.on('error', end);
        const fromBrowser = browser.drain();
        const fromVm = vmReader.drain();
        if (fromBrowser.length) tcp.write(fromBrowser);
        if (fromVm.length) ws.send(fromVm, { binary: true });
        stream.pipe(tcp);
        tcp.pipe(stream);
      },
      end,
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
      if (userId) return count(userId);
      let n = 0;
      for (const s of open.values()) n += s.size;
      return n;
    },
    close() {
      for (const s of [...open.values()]) for (const stop of [...s]) stop();
      wss.close();
    },
  };
}
