/**
 * A stateful fake oVirt engine speaking the real engine's wire protocol over HTTP(S): SSO tokens,
 * the REST API under /ovirt-engine/api, ovirt-imageio uploads under /images/{ticket}, and
 * loopback-only test controls under /__fake. It is a separate program for the dashboard's oVirt
 * adapter to talk to; only tests and the demo launcher may import it.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP } from 'node:net';
import { Access } from './access';
import { type Ctx, type Reply, buildRouter } from './api';
import { Engine } from './engine';
import { Fault, PlainFault } from './errors';
import { EventCode, startBackgroundEvents } from './events';
import type { FaultControl, FaultUpdate } from './faults';
import { searchSpecs } from './fields';
import { parseFollow } from './follow';
import type { ConsoleTicket, User } from './model';
import { type EstateSize, type SeedUser, seedEstate } from './seed';
import { startRfbServer, vncResponse, type RfbServer } from './rfb';
import { imageioRequest } from './transfer-ops';
import { startVmconsoleProxy, type VmconsoleProxy } from './vmconsole-proxy';
import { migrateChain } from './vm-ops';
import { API, type ConsoleOverride } from './wire';

export interface OvirtEngineOptions {
  host?: string;
  port?: number;
  size?: EstateSize;
  seed?: number;
  users?: SeedUser[];
  /** Multiplies every engine delay: 0.01 makes a 3 s VM start take 30 ms. */
  timeScale?: number;
  tls?: { key: string; cert: string };
  /** SSO token lifetime in real milliseconds (default one hour). */
  tokenLifetimeMs?: number;
  /** Report this console endpoint for every running VM (e.g. a fake VNC server), instead of host:5900+. */
  consoles?: ConsoleOverride;
  /** The slow trickle of ambient events (default on). */
  backgroundEvents?: boolean;
  /**
   * Called with every JSON answer the engine sends (tests check them against the engine's
   * published API model: test/contract/ovirt-api-model.ts).
   */
  onResponse?: (response: { method: string; path: string; status: number; body: unknown }) => void;
  /**
   * Serve a real VNC screen for every running VM (rfb.ts) on this port (0 = any), behind the
   * ticket password; the VMs' consoles then point at it unless `consoles` says otherwise.
   */
  rfbPort?: number;
  /**
   * Run the engine host's serial console proxy (vmconsole-proxy.ts: SSH, keys from the users'
   * sshpublickeys) on this port (0 = any); a real engine's listens on 2222.
   */
  vmconsolePort?: number;
}

export interface OvirtEngine {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** url + '/ovirt-engine/api' */
  apiUrl: string;
  close(): Promise<void>;
  faults: FaultControl;
  stats: { requests(): number; byRoute(): Record<string, number>; reset(): void };
  /** The last console ticket issued for a VM, so a fake VNC/SPICE server can check the password. */
  consoleTicket(vmId: string): ConsoleTicket | undefined;
  /** Live SSO sessions (tokens neither expired nor logged out), of one user name or of everyone. */
  ssoSessions(userName?: string): number;
  /** The VNC server of `rfbPort`, when asked for. */
  rfb?: RfbServer;
  /** The serial console proxy of `vmconsolePort`, when asked for. */
  vmconsole?: VmconsoleProxy;
  /** Every status a VM or host has taken, in order (tests assert sequences with it, not polls). */
  statusLog(id: string): readonly string[];
}

/** Only for tests: the launcher passes real credentials. */
export const DEFAULT_USERS: SeedUser[] = [
  { username: 'admin@internal', password: 'demo-admin', admin: true },
  { username: 'user1@internal', password: 'demo-user', admin: false },
];

const MAX_BODY = 10 * 1024 * 1024;
const SSO_TOKEN = '/ovirt-engine/sso/oauth/token';
const SSO_LOGOUT = '/ovirt-engine/services/sso-logout';
const HEALTH = '/ovirt-engine/services/health';

/** POST to a verb under an entity (`/vms/{id}/start`, `/storagedomains/{sd}/vms/{vm}/import`): an engine action. */
const ACTION_VERB = /\/(\{action\}|import|restore|iscsidiscover|iscsilogin)$/;
const isActionRoute = (method: string, routeKey: string): boolean => method === 'POST' && ACTION_VERB.test(routeKey);
const INJECTED_ACTION_FAILURE = '[VDSM command failed: injected failure (demo engine fault injection, failActionsNext)]';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isLoopback = (addr: string | undefined): boolean =>
  !!addr && (addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || addr.startsWith('127.') || addr === 'localhost');

export async function startOvirtEngine(opts: OvirtEngineOptions = {}): Promise<OvirtEngine> {
  const host = opts.host ?? '127.0.0.1';
  const users = opts.users?.length ? opts.users : DEFAULT_USERS;
  if (!users.some((u) => u.admin)) throw new Error('startOvirtEngine: at least one admin user is required');
  const seed = opts.seed ?? 1;
  let rfb: RfbServer | undefined;
  if (opts.rfbPort !== undefined) {
    rfb = await startRfbServer({
      host: isLoopback(host) ? host : '127.0.0.1',
      port: opts.rfbPort,
      // The password proves which VM the client wants: the one whose live ticket it answers.
      authenticate: (challenge, response) => {
        for (const [vmId, t] of e.store.consoleTickets) {
          const vm = e.store.vms.get(vmId);
          if (vm && t.expiresAt > Date.now() && vncResponse(challenge, t.value).equals(response)) return { name: vm.name };
        }
        return undefined;
      },
    });
  }
  const consoles = opts.consoles ?? (rfb ? { address: rfb.host, port: rfb.port } : undefined);
  const e = new Engine({ seed, timeScale: opts.timeScale ?? 1, tokenLifetimeMs: opts.tokenLifetimeMs ?? 3_600_000, consoles });
  const seeded = seedEstate(e.store, { size: opts.size ?? 'demo', seed, users, now: Date.now() });
  // The demo's screens are VNC (rfb.ts speaks no SPICE): VMs configured with SPICE get VNC
  // instead, as an oVirt VM whose display type was switched, so every demo console works.
  if (rfb) for (const vm of e.store.vms.values()) vm.display = 'vnc';
  e.nextVmOrdinal = e.store.vms.size;
  for (const m of seeded.inFlightMigrations) {
    const vm = e.store.vms.get(m.vmId);
    const target = e.store.hosts.get(m.targetHostId);
    if (vm && target) migrateChain(e, vm, target, null, null, 20_000);
  }
  if (opts.backgroundEvents !== false) startBackgroundEvents(e.store, e.clock, seed);
  const vmconsole = opts.vmconsolePort === undefined ? undefined : await startVmconsoleProxy(e, { host: isLoopback(host) ? host : '127.0.0.1', port: opts.vmconsolePort });

  const router = buildRouter();
  const specs = searchSpecs(e.store);
  const controlsEnabled = isLoopback(host);
  let requests = 0;
  let byRoute: Record<string, number> = {};
  const count = (key: string) => {
    requests++;
    byRoute[key] = (byRoute[key] ?? 0) + 1;
  };

  let baseUrl = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    if (opts.onResponse && body !== null && typeof body === 'object') {
      opts.onResponse({ method: res.req.method ?? 'GET', path: res.req.url ?? '/', status, body });
    }
    const text = body === null || body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };
  const fault = (res: ServerResponse, f: Fault, headers?: Record<string, string>) => send(res, f.status, { detail: f.detail, reason: f.reason }, headers);

  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new Fault(413, 'Request body too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  };

  const userFromAuth = (req: IncomingMessage): User | undefined => {
    const auth = req.headers.authorization ?? '';
    const [scheme, value] = auth.split(' ', 2);
    if (/^bearer$/i.test(scheme) && value) {
      const id = e.tokens.validate(value.trim());
      return id ? e.store.users.get(id) : undefined;
    }
    if (/^basic$/i.test(scheme) && value) {
      // The engine also accepts HTTP Basic on the API (it opens an SSO session behind the scenes).
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const user = [...e.store.users.values()].find((u) => u.userName === decoded.slice(0, i));
      return user && user.password === decoded.slice(i + 1) ? user : undefined;
    }
    return undefined;
  };

  /**
   * How the engine's SSO (SsoService.sendJsonDataWithMessage, 4.4/4.5) refuses a token request:
   * always HTTP 400; for the REST API scope (`ovirt-app-api` without the admin/portal scopes) the
   * body is `{"error_code", "error"}` with the human text in `error`, for any other scope it is
   * the OAuth form `{"error", "error_description"}`. Engines before 4.2 sent the first form with
   * HTTP 200; the adapter accepts all three.
   */
  const ssoError = (res: ServerResponse, scope: string, code: string, message: string) => {
    const scopes = scope.trim().split(/\s+/);
    const restApi = scopes.includes('ovirt-app-api') && !scopes.includes('ovirt-app-admin') && !scopes.includes('ovirt-app-portal');
    return send(res, 400, restApi ? { error_code: code, error: message } : { error: code, error_description: message });
  };

  async function sso(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request', error_description: `${req.method} is not supported here` });
    const form = new URLSearchParams(await readBody(req));
    for (const [k, v] of url.searchParams) if (!form.has(k)) form.set(k, v);
    if (path === SSO_LOGOUT) {
      const token = form.get('token');
      if (token) {
        const userId = e.tokens.validate(token);
        e.tokens.revoke(token);
        const user = userId ? e.store.users.get(userId) : undefined;
        if (user) e.event({ code: EventCode.USER_VDC_LOGOUT, severity: 'normal', userId: user.id, description: `User ${user.userName}-authz connected from '${req.socket.remoteAddress ?? ''}' using session '${token.slice(0, 40)}' logged out.` });
      }
      return send(res, 200, {});
    }
    const grant = form.get('grant_type');
    const requested = form.get('scope') ?? '';
    if (grant !== 'password') return ssoError(res, requested, 'unsupported_grant_type', `The grant type '${grant ?? ''}' is not supported.`);
    const username = form.get('username');
    const password = form.get('password');
    if (!username) return ssoError(res, requested, 'invalid_request', 'No user name found in request.');
    const scope = requested || 'ovirt-app-api';
    const user = [...e.store.users.values()].find((u) => u.userName === username);
    if (!user || password == null || user.password !== password) {
      return ssoError(res, requested, 'access_denied', `Cannot authenticate user '${username}': The username or password is incorrect.`);
    }
    const t = e.tokens.issue(user);
    e.event({ code: EventCode.USER_VDC_LOGIN, severity: 'normal', userId: user.id, description: `User ${user.userName}-authz connecting from '${req.socket.remoteAddress ?? ''}' using session '${t.token.slice(0, 40)}' logged in.` });
    return send(res, 200, { access_token: t.token, scope, exp: String(t.expiresAt), token_type: 'bearer' });
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const sub = url.pathname.slice(API.length);
    // The engine parses an id in the path as a Guid (Guid.createGuidFromString, java.util.UUID
    // underneath), so an upper-case UUID names the same object, and every answer spells it in
    // lower case. Portal code must not treat the two spellings as two VMs (issue 14).
    const segments = sub
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s))
      .map((s) => (GUID.test(s) ? s.toLowerCase() : s));
    const method = req.method ?? 'GET';
    const match = router.match(method, segments);
    // Every API request that reaches the engine counts, including the ones a fault then breaks.
    count(match && match !== 'method' ? match.route.key : `${method} (no route)`);
    const f = e.faults.get();
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    const decision = e.faults.decide();
    if (decision.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'fail') {
      req.resume();
      return decision.status === 503
        ? send(res, 503, { detail: 'The engine is temporarily unavailable. Please try again later.', reason: 'Service Unavailable' })
        : send(res, 500, { detail: '[Internal Engine Error]', reason: 'Operation Failed' });
    }
    const user = userFromAuth(req);
    if (!user) {
      req.resume();
      return send(res, 401, { detail: 'The request requires authentication: the token is missing, expired or invalid.', reason: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="RESTAPI"' });
    }
    const accept = String(req.headers.accept ?? '');
    if (accept && /xml/i.test(accept) && !/json|\*\/\*/i.test(accept)) {
      req.resume();
      return send(res, 406, { detail: 'The demo engine only speaks JSON: send Accept: application/json.', reason: 'Not Acceptable' });
    }
    if (match === null) {
      req.resume();
      return send(res, 404, { detail: `No resource at ${url.pathname}`, reason: 'Not Found' });
    }
    if (match === 'method') {
      req.resume();
      return send(res, 405, { detail: `Method ${method} is not allowed on ${url.pathname}`, reason: 'Method Not Allowed' });
    }
    const filter = /^true$/i.test(String(req.headers.filter ?? ''));
    // Without `Filter: true` the engine treats a query as an administrator's: plain users are refused.
    if (!user.admin && !filter && method === 'GET' && segments.length > 0) {
      req.resume();
      throw new Fault(403, '[User is not authorized to perform this action. Send the header Filter: true for user-level queries.]');
    }
    let body: Record<string, unknown> = {};
    // DELETE may carry a body too: removing gluster bricks names them in it.
    if (method === 'POST' || method === 'PUT' || method === 'DELETE') {
      const text = await readBody(req);
      const type = String(req.headers['content-type'] ?? '');
      if (text.trim()) {
        if (/xml/i.test(type) || text.trim().startsWith('<')) throw new Fault(400, 'The demo engine accepts JSON request bodies only (Content-Type: application/json).');
        try {
          const parsed: unknown = JSON.parse(text);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch (err) {
          throw new Fault(400, `Request body is not a valid JSON object: ${(err as Error).message}`);
        }
      }
    } else {
      req.resume();
    }
    const access = new Access(e.store, user);
    const correlationId = (req.headers['correlation-id'] as string | undefined) ?? null;
    const ctx: Ctx = {
      e, specs, access, filter, body, params: match.params, query: url.searchParams, headers: req.headers,
      actor: { user, correlationId },
      follow: parseFollow(url.searchParams.get('follow')),
      wire: {
        store: e.store, access, now: Date.now(), baseUrl, consoles: e.config.consoles,
        allContent: url.searchParams.get('all_content') === 'true', current: url.searchParams.get('current') === 'true',
      },
    };
    const action = isActionRoute(method, match.route.key);
    if (action && e.faults.failAction()) {
      // Before the handler: the work "failed on the host", so the estate stays as it was.
      return send(res, 200, { ...body, status: 'failed', fault: { reason: 'Operation Failed', detail: INJECTED_ACTION_FAILURE } });
    }
    let reply: Reply;
    try {
      reply = await match.route.handler(ctx);
    } catch (err) {
      // A refused action (AbstractBackendActionableResource.actionFailure) keeps the fault's HTTP
      // status but answers with the action itself, marked failed, the fault nested inside it.
      if (err instanceof PlainFault) return send(res, err.status, err.detail);
      if (action && err instanceof Fault) return send(res, err.status, { ...body, status: 'failed', fault: { reason: err.reason, detail: err.detail } });
      throw err;
    }
    const headers = { ...reply.headers };
    if (headers.location) headers.location = `${baseUrl}${headers.location}`;
    send(res, reply.status, reply.body ?? null, headers);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!controlsEnabled || !isLoopback(req.socket.remoteAddress)) {
      req.resume();
      return send(res, 404, { detail: 'Not Found', reason: 'Not Found' });
    }
    const method = req.method ?? 'GET';
    if (path === '/__fake/faults') {
      if (method === 'GET') return send(res, 200, e.faults.get());
      if (method === 'DELETE') { e.faults.reset(); req.resume(); return send(res, 200, e.faults.get()); }
      if (method === 'POST') {
        let update: FaultUpdate;
        try {
          update = JSON.parse((await readBody(req)) || '{}') as FaultUpdate;
          e.faults.set(update);
        } catch (err) {
          return send(res, 400, { error: (err as Error).message });
        }
        return send(res, 200, e.faults.get());
      }
    }
    if (path === '/__fake/stats' && method === 'GET') return send(res, 200, { requests, byRoute });
    if (path === '/__fake/stats/reset' && method === 'POST') {
      requests = 0;
      byRoute = {};
      req.resume();
      return send(res, 200, { requests, byRoute });
    }
    const ticket = /^\/__fake\/consoles\/([^/]+)\/ticket$/.exec(path);
    if (ticket && method === 'GET') {
      const t = e.store.consoleTickets.get(decodeURIComponent(ticket[1]));
      return t ? send(res, 200, t) : send(res, 404, { detail: 'No ticket for this VM', reason: 'Not Found' });
    }
    req.resume();
    return send(res, 404, { detail: `No control route ${method} ${path}`, reason: 'Not Found' });
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://engine');
    } catch {
      return send(res, 400, { detail: 'Bad request URL', reason: 'Operation Failed' });
    }
    const path = url.pathname;
    try {
      if (path.startsWith('/__fake/')) return await control(req, res, path);
      if (path === API || path.startsWith(`${API}/`)) return await api(req, res, url);
      if (path === SSO_TOKEN || path === SSO_LOGOUT) {
        count(`${req.method} ${path.replace('/ovirt-engine', '')}`);
        return await sso(req, res, path, url);
      }
      if (path === HEALTH) {
        count(`${req.method} /services/health`);
        req.resume();
        return send(res, 200, 'DB Up!Welcome Up!');
      }
      const image = /^\/images\/([^/]+)$/.exec(path);
      if (image) {
        count(`${req.method} /images/{ticket}`);
        const r = await imageioRequest(e, image[1], req);
        return send(res, r.status, r.body || null, r.headers);
      }
      req.resume();
      return send(res, 404, { detail: `No resource at ${path}`, reason: 'Not Found' });
    } catch (err) {
      req.resume();
      if (err instanceof Fault) return fault(res, err);
      // A bug in the fake must look like an engine bug, not hang the client.
      console.error('[fake-ovirt] internal error:', err);
      return send(res, 500, { detail: `[Internal Engine Error] ${(err as Error).message}`, reason: 'Operation Failed' });
    }
  };

  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, (req, res) => void handler(req, res))
    : createHttpServer((req, res) => void handler(req, res));
  // Node answers unknown Expect headers with 417 by default; the engine honours `Expect: 201-created`.
  server.on('checkExpectation', (req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port ?? 0;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : isIP(host) === 6 ? `[${host}]` : host;
  baseUrl = `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`;

  let closed = false;
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}${API}`,
    faults: e.faults,
    statusLog: (id) => e.store.statusLog.get(id) ?? [],
    stats: {
      requests: () => requests,
      byRoute: () => ({ ...byRoute }),
      reset: () => {
        requests = 0;
        byRoute = {};
      },
    },
    consoleTicket: (vmId) => e.store.consoleTickets.get(vmId),
    ssoSessions: (userName) => {
      if (userName === undefined) return e.tokens.liveCount();
      const user = [...e.store.users.values()].find((u) => u.userName === userName);
      return user ? e.tokens.liveCount(user.id) : 0;
    },
    rfb,
    vmconsole,
    close: async () => {
      if (closed) return;
      closed = true;
      e.close();
      await rfb?.close();
      await vmconsole?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
