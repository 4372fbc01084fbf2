/**
 * A wire-level fake of Keystone v3 and Cinder v3 on one HTTP port, laid out as
 * devstack does: Keystone under /identity/v3, Cinder under /volume (versions at
 * /volume/, the API at /volume/v3/{project_id}/…). It speaks the real services'
 * JSON, status codes, error bodies, microversion header and X-Subject-Token, so
 * the dashboard's Cinder adapter talks to it exactly as to a real cloud. Only
 * tests and the demo launcher may import it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { createGlanceHandler } from '../glance/server';
import { GlanceState } from '../glance/store';
import { ApiFault, CinderState, badRequest, notFound, seedCloud, type FakeAttachment, type FakeProject, type FakeSnapshot, type FakeUser, type FakeVolume } from './store';

export interface CinderFakeOptions {
  host?: string;
  port?: number;
  users?: Array<{ name: string; password: string; admin: boolean }>;
  /** Multiplies every storage delay: 0.01 makes a 3 s creation take 30 ms. */
  timeScale?: number;
  /** Token lifetime in real ms (default one hour). */
  tokenLifetimeMs?: number;
  /** The highest microversion served (default 3.70, Cinder 2023.1). */
  maxVersion?: string;
  /** Also accept Cinder's noauth tokens ("user:project"). */
  noauth?: boolean;
}

export interface CinderFake {
  /** The Keystone v3 URL to configure: http://127.0.0.1:PORT/identity/v3 */
  url: string;
  /** The block storage root: http://127.0.0.1:PORT/volume */
  cinderUrl: string;
  projectId: string;
  state: CinderState;
  /** The demo Glance's images (served under /image, in the catalog as type `image`). */
  glance: GlanceState;
  stats: { requests(): number; byRoute(): Record<string, number>; reset(): void };
  /** Expires every token now (the next call gets 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export const DEFAULT_USERS = [
  { name: 'admin', password: 'demo-admin', admin: true },
  { name: 'member', password: 'demo-member', admin: false },
];

const MIN_VERSION = '3.0';
/** oslo.utils strutils' strict boolean strings (TRUE_STRINGS, FALSE_STRINGS). */
const BOOL_TRUE = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/**
 * Cinder's default etc/cinder/resource_filters.json: the volume filters a non-admin may use.
 * `name~` is not in it, so a member's inexact name search is refused; admins may filter by anything.
 */
const MEMBER_FILTERS: Record<string, string[]> = {
  volume: ['name', 'status', 'metadata', 'bootable', 'migration_status', 'availability_zone', 'group_id', 'size', 'created_at', 'updated_at', 'consumes_quota'],
  snapshot: ['name', 'status', 'volume_id', 'metadata', 'availability_zone', 'consumes_quota'],
};

interface Token {
  user: FakeUser;
  project: FakeProject;
  expiresAt: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function vparse(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
function vcmp(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Cinder's date format: no zone, microseconds. */
function cinderDate(d: Date): string {
  return d.toISOString().replace('Z', '000').replace(/\.(\d{3})000$/, '.$1000');
}

export async function startCinderFake(options: CinderFakeOptions = {}): Promise<CinderFake> {
  const state = new CinderState(options.timeScale ?? 1);
  seedCloud(state, options.users ?? DEFAULT_USERS);
  const project = state.projects[0]!;
  const tokens = new Map<string, Token>();
  const lifetime = options.tokenLifetimeMs ?? 3_600_000;
  const maxVersion = options.maxVersion ?? '3.70';
  let requests = 0;
  const byRoute: Record<string, number> = {};
  let base = '';
  const glance = new GlanceState(() => state.clock());
  for (const image of state.images) {
    // The distribution's base image is protected, as operators protect the images volumes are made from.
    await glance.seed(project.id, { id: image.id, name: image.name, diskFormat: 'qcow2', minDisk: image.minDisk, size: image.minDisk * 256 * 1024, protected: image.name.startsWith('debian') });
  }
  // Real Cinder asks Glance for the image of a new volume: unknown or not active is refused.
  state.imageLookup = (ref, projectId, admin) => {
    const found = glance.images.get(ref) ?? [...glance.images.values()].find((i) => i.name === ref);
    return found && glance.visible(found, projectId, admin) ? { id: found.id, name: found.name ?? found.id, minDisk: found.minDisk, status: found.status, diskFormat: found.diskFormat ?? undefined } : undefined;
  };
  glance.inUse = (imageId) => state.imageCloned(imageId);

  function keystoneFault(status: number, title: string, message: string): Reply {
    return { status, body: { error: { code: status, title, message } } };
  }

  function issueToken(body: unknown): Reply {
    const auth = (body as { auth?: Record<string, unknown> })?.auth;
    const identity = auth?.identity as { methods?: string[]; password?: { user?: Record<string, unknown> } } | undefined;
    const u = identity?.password?.user;
    if (!identity?.methods?.includes('password') || !u || typeof u.password !== 'string') {
      return keystoneFault(400, 'Bad Request', 'Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect.');
    }
    const domainOf = (d: unknown) => {
      const dom = d as { id?: string; name?: string } | undefined;
      return (dom?.id ?? dom?.name ?? '').toLowerCase();
    };
    const user = state.users.find(
      (x) => (x.name === u.name || x.id === u.id) && (u.id !== undefined || domainOf(u.domain) === x.domain) && x.password === u.password,
    );
    if (!user) return keystoneFault(401, 'Unauthorized', 'The request you have made requires authentication.');
    const scope = (auth?.scope as { project?: { id?: string; name?: string; domain?: unknown } } | undefined)?.project;
    const proj = state.projects.find(
      (p) => (scope?.id && p.id === scope.id) || (scope?.name === p.name && domainOf(scope?.domain) === p.domain),
    );
    if (!proj || !user.roles[proj.name]) {
      return keystoneFault(401, 'Unauthorized', 'The request you have made requires authentication.');
    }
    const value = `gAAAAA${randomBytes(24).toString('base64url')}`;
    const expiresAt = state.clock() + lifetime;
    tokens.set(value, { user, project: proj, expiresAt });
    const endpointUrl = `${base}/volume/v3/${proj.id}`;
    const endpoints = (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: randomBytes(8).toString('hex'),
      interface: iface,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url: endpointUrl,
    }));
    return {
      status: 201,
      headers: { 'X-Subject-Token': value },
      body: {
        token: {
          methods: ['password'],
          expires_at: new Date(expiresAt).toISOString().replace('Z', '000Z'),
          issued_at: new Date(state.clock()).toISOString().replace('Z', '000Z'),
          user: { id: user.id, name: user.name, domain: { id: 'default', name: 'Default' }, password_expires_at: null },
          project: { id: proj.id, name: proj.name, domain: { id: 'default', name: 'Default' } },
          roles: user.roles[proj.name]!.map((name) => ({ id: name, name })),
          catalog: [
            { id: 'c1', type: 'block-storage', name: 'cinder', endpoints },
            { id: 'c2', type: 'volumev3', name: 'cinderv3', endpoints },
            { id: 'c4', type: 'image', name: 'glance', endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({ id: `g-${iface}`, interface: iface, region: 'RegionOne', region_id: 'RegionOne', url: `${base}/image` })) },
            { id: 'c3', type: 'identity', name: 'keystone', endpoints: [{ id: 'k', interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url: `${base}/identity` }] },
          ],
        },
      },
    };
  }

  /** GET /v3/projects: Keystone lists every project to an admin (`openstack quota list` starts here), refuses others. */
  function listProjects(req: IncomingMessage, url: URL): Reply {
    const caller = who(req);
    if (!caller) return keystoneFault(401, 'Unauthorized', 'The request you have made requires authentication.');
    if (!caller.admin) return keystoneFault(403, 'Forbidden', 'You are not authorized to perform the requested action: identity:list_projects.');
    const name = url.searchParams.get('name');
    const projects = state.projects
      .filter((p) => name === null || p.name === name)
      .map((p) => ({
        id: p.id,
        name: p.name,
        domain_id: 'default',
        description: '',
        enabled: true,
        parent_id: 'default',
        is_domain: false,
        tags: [],
        options: {},
        links: { self: `${base}/identity/v3/projects/${p.id}` },
      }));
    return { status: 200, body: { links: { next: null, self: `${base}/identity/v3/projects`, previous: null }, projects } };
  }

  function who(req: IncomingMessage): { user: FakeUser | { name: string; id: string }; project: FakeProject; admin: boolean } | undefined {
    const value = req.headers['x-auth-token'];
    if (typeof value !== 'string') return undefined;
    const t = tokens.get(value);
    if (t && t.expiresAt > state.clock()) {
      return { user: t.user, project: t.project, admin: t.user.roles[t.project.name]!.includes('admin') };
    }
    if (options.noauth && value.includes(':')) {
      const [userId, projectId] = value.split(':');
      const proj = state.project(projectId!);
      if (proj) return { user: { id: userId!, name: userId! }, project: proj, admin: true };
    }
    return undefined;
  }

  function volumeJson(v: FakeVolume, admin: boolean): Record<string, unknown> {
    const json: Record<string, unknown> = {
      id: v.id,
      name: v.name,
      description: v.description,
      status: v.status,
      size: v.size,
      // Cinder sends this one as a string.
      bootable: String(v.bootable),
      attachments: v.attachments.map((a) => ({ ...a, volume_id: v.id, attached_at: cinderDate(v.createdAt) })),
      volume_type: v.volumeType,
      availability_zone: v.availabilityZone,
      multiattach: v.multiattach,
      encrypted: v.encrypted,
      created_at: cinderDate(v.createdAt),
      updated_at: v.updatedAt ? cinderDate(v.updatedAt) : null,
      user_id: 'fake',
      metadata: {},
      links: [{ rel: 'self', href: `${base}/volume/v3/${v.projectId}/volumes/${v.id}` }],
      'os-vol-tenant-attr:tenant_id': v.projectId,
    };
    if (admin) json['os-vol-host-attr:host'] = v.host;
    if (v.imageId) json.volume_image_metadata = { image_id: v.imageId };
    return json;
  }

  function snapshotJson(s: FakeSnapshot): Record<string, unknown> {
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      status: s.status,
      size: s.size,
      volume_id: s.volumeId,
      created_at: cinderDate(s.createdAt),
      metadata: {},
    };
  }

  function volumeList(projectId: string, url: URL, version: [number, number], admin: boolean, detail: boolean): Reply {
    const q = url.searchParams;
    // An admin may list every project's volumes (the real server's all_tenants, which the cinder
    // client sends when it resolves a volume name); a member is refused that filter below.
    const allTenants = admin && ['1', 'true', 'yes'].includes((q.get('all_tenants') ?? '').toLowerCase());
    let rows = [...state.volumes.values()].filter((v) => allTenants || v.projectId === projectId);
    const paging = ['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir', 'with_count'];
    // The real server's words (reject_invalid_filters), with no "Invalid input received" in front.
    const invalid = (keys: string[]) => badRequest(`Invalid filters ${keys.join(',')} are found in query options.`);
    if (!admin) {
      const refused = [...q.keys()].filter((key) => !paging.includes(key) && !MEMBER_FILTERS.volume!.includes(key));
      if (refused.length) throw invalid(refused);
    }
    for (const [key, value] of q) {
      if (paging.includes(key) || (admin && key === 'all_tenants')) continue;
      if (key === 'name') rows = rows.filter((v) => v.name === value);
      else if (key === 'name~') {
        // Inexact filters exist from 3.34; older versions reject unknown filter keys.
        if (vcmp(version, [3, 34]) < 0) throw invalid([key]);
        rows = rows.filter((v) => v.name.toLowerCase().includes(value.toLowerCase()));
      } else if (key === 'status') rows = rows.filter((v) => v.status === value);
      else if (key === 'bootable') rows = rows.filter((v) => String(v.bootable) === value.toLowerCase());
      else if (key === 'volume_type') rows = rows.filter((v) => v.volumeType === value);
      else if (key === 'availability_zone') rows = rows.filter((v) => v.availabilityZone === value);
      else throw invalid([key]);
    }
    const sortKeys = (q.get('sort') ?? 'created_at:desc').split(',').map((part) => {
      const [key, dir] = part.split(':');
      if (!['name', 'size', 'status', 'created_at', 'id', 'updated_at'].includes(key!)) throw badRequest(`Invalid input received: Invalid sort key ${key}`);
      return { key: key!, dir: dir === 'asc' ? 1 : -1 };
    });
    // Cinder appends created_at and id so equal keys keep a stable order.
    for (const k of ['created_at', 'id']) if (!sortKeys.some((s) => s.key === k)) sortKeys.push({ key: k, dir: sortKeys[0]!.dir });
    const value = (v: FakeVolume, key: string): string | number =>
      key === 'size' ? v.size : key === 'created_at' ? v.createdAt.getTime() : key === 'name' ? v.name : key === 'status' ? v.status : v.id;
    rows.sort((a, b) => {
      for (const { key, dir } of sortKeys) {
        const x = value(a, key);
        const y = value(b, key);
        if (x < y) return -dir;
        if (x > y) return dir;
      }
      return 0;
    });
    const total = rows.length;
    const marker = q.get('marker');
    if (marker) {
      const at = rows.findIndex((v) => v.id === marker);
      if (at < 0) throw badRequest(`Invalid input received: marker [${marker}] not found`);
      rows = rows.slice(at + 1);
    }
    const offset = Number(q.get('offset') ?? 0);
    if (!Number.isInteger(offset) || offset < 0) throw badRequest('Invalid input received: offset must be a non-negative integer');
    rows = rows.slice(offset);
    const limitText = q.get('limit');
    const limit = limitText === null ? 1000 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) throw badRequest('Invalid input received: limit must be a non-negative integer');
    const page = rows.slice(0, limit);
    const body: Record<string, unknown> = {
      volumes: page.map((v) => (detail ? volumeJson(v, admin) : { id: v.id, name: v.name, links: [] })),
    };
    if (page.length < rows.length) {
      body.volumes_links = [{ rel: 'next', href: `${base}/volume/v3/${projectId}/volumes/detail?limit=${limit}&marker=${page[page.length - 1]!.id}` }];
    }
    if (q.get('with_count') === 'true' && vcmp(version, [3, 45]) >= 0) body.count = total;
    return { status: 200, body };
  }

  function readInt(value: unknown, what: string): number {
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw badRequest(`Invalid input for field/attribute ${what}. Value: ${String(value)}. ${String(value)} is not a positive integer.`);
    return n;
  }

  /** Whether the request carries a valid X-Service-Token of a user with the `service` role. */
  function fromService(req: IncomingMessage): boolean {
    const value = req.headers['x-service-token'];
    const t = typeof value === 'string' ? tokens.get(value) : undefined;
    return !!t && t.expiresAt > state.clock() && t.user.roles[t.project.name]!.includes('service');
  }

  /** The RBD driver's connection info, as the attachments API answers it (flat, not under `data`). */
  function rbdConnection(volumeId: string, attachmentId: string) {
    return {
      driver_volume_type: 'rbd',
      name: `volumes/volume-${volumeId}`,
      hosts: ['127.0.0.1'],
      ports: ['6789'],
      cluster_name: 'ceph',
      auth_enabled: true,
      auth_username: 'cinder',
      secret_type: 'ceph',
      secret_uuid: '5eed0000-cef0-4000-8000-0000000000cb',
      volume_id: volumeId,
      discard: true,
      access_mode: 'rw',
      attachment_id: attachmentId,
      encrypted: false,
    };
  }

  /** The attachments API: 3.27 and later; os-complete from 3.44 (below, 404 like Cinder's version routing). */
  function attachments(req: IncomingMessage, pid: string, id: string | undefined, sub: string | undefined, b: Record<string, Record<string, unknown> | undefined>, version: [number, number]): Reply {
    if (vcmp(version, [3, 27]) < 0) throw notFound('The resource could not be found.');
    const method = req.method ?? 'GET';
    const json = (a: FakeAttachment, withConnection: boolean) => ({
      id: a.id,
      status: a.status,
      instance: a.instanceId,
      volume_id: a.volumeId,
      attach_mode: 'rw',
      attached_at: null,
      detached_at: null,
      ...(withConnection ? { connection_info: a.connector ? rbdConnection(a.volumeId, a.id) : {} } : {}),
    });
    if (method === 'GET' && (id === undefined || id === 'detail')) {
      const mine = [...state.attachmentRecords.values()].filter((a) => a.projectId === pid);
      return { status: 200, body: { attachments: mine.map((a) => json(a, id === 'detail')) } };
    }
    if (method === 'GET' && id && !sub) return { status: 200, body: { attachment: json(state.attachmentOf(pid, id), true) } };
    if (method === 'POST' && !id) {
      const a = b.attachment;
      if (!a || typeof a.volume_uuid !== 'string') throw badRequest("Invalid input for field/attribute attachment. 'volume_uuid' is a required property");
      // An empty connector is none (Python's falsy {}): the cinder client sends one with attachment-create.
      const connector = a.connector && typeof a.connector === 'object' && Object.keys(a.connector).length > 0 ? (a.connector as Record<string, unknown>) : null;
      const created = state.createAttachment(pid, a.volume_uuid, typeof a.instance_uuid === 'string' ? a.instance_uuid : null, connector);
      return { status: 200, body: { attachment: json(created, true) } };
    }
    if (method === 'PUT' && id && !sub) {
      const connector = b.attachment?.connector;
      if (!connector || typeof connector !== 'object' || Object.keys(connector).length === 0) {
        throw badRequest("Invalid input for field/attribute attachment. 'connector' is a required property");
      }
      return { status: 200, body: { attachment: json(state.updateAttachment(pid, id, connector as Record<string, unknown>), true) } };
    }
    if (method === 'POST' && id && sub === 'action') {
      if (vcmp(version, [3, 44]) < 0 || !('os-complete' in b)) throw notFound('The resource could not be found.');
      state.completeAttachment(pid, id);
      return { status: 204 };
    }
    if (method === 'DELETE' && id && !sub) {
      state.deleteAttachment(pid, id, fromService(req));
      return { status: 200, body: { attachments: [] } };
    }
    throw notFound('The resource could not be found.');
  }

  function cinder(req: IncomingMessage, url: URL, rest: string[], body: unknown, version: [number, number]): Reply {
    const caller = who(req);
    if (!caller) return { status: 401, body: { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } } };
    const [projectId, collection, id, sub] = rest;
    if (projectId !== caller.project.id) {
      return { status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow this operation to be performed." } } };
    }
    const pid = caller.project.id;
    const method = req.method ?? 'GET';
    const b = (body ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (collection === 'attachments') return attachments(req, pid, id, sub, b, version);
    if (collection === 'volumes') {
      if (method === 'GET' && (id === undefined || id === 'detail')) return volumeList(pid, url, version, caller.admin, id === 'detail');
      if (method === 'GET' && id) return { status: 200, body: { volume: volumeJson(state.volume(pid, id), caller.admin) } };
      if (method === 'POST' && !id) {
        const v = b.volume;
        if (!v) throw badRequest("Invalid input for field/attribute volume. Value: None. 'volume' is a required property");
        const sources = ['imageRef', 'snapshot_id', 'source_volid'].filter((k) => v[k] !== undefined && v[k] !== null);
        if (sources.length > 1) throw badRequest('Invalid input received: Only one of imageRef, snapshot_id or source_volid may be given.');
        const created = state.createVolume(pid, {
          size: readInt(v.size, 'size'),
          name: typeof v.name === 'string' ? v.name : '',
          description: typeof v.description === 'string' ? v.description : undefined,
          volumeType: typeof v.volume_type === 'string' ? v.volume_type : undefined,
          availabilityZone: typeof v.availability_zone === 'string' ? v.availability_zone : undefined,
          imageRef: typeof v.imageRef === 'string' ? v.imageRef : undefined,
          snapshotId: typeof v.snapshot_id === 'string' ? v.snapshot_id : undefined,
          sourceVolId: typeof v.source_volid === 'string' ? v.source_volid : undefined,
        }, caller.admin);
        return { status: 202, body: { volume: volumeJson(created, caller.admin) } };
      }
      if (method === 'DELETE' && id && !sub) {
        state.deleteVolume(pid, id);
        return { status: 202 };
      }
      if (method === 'POST' && id && sub === 'action') {
        const [action, args] = Object.entries(b)[0] ?? [];
        const a = (args ?? {}) as Record<string, unknown>;
        switch (action) {
          case 'os-extend':
            state.extendVolume(pid, id, readInt(a.new_size, 'new_size'));
            return { status: 202 };
          case 'os-set_bootable': {
            const value = a.bootable;
            const flag = value === true || value === 'true' || value === 'True' ? true : value === false || value === 'false' || value === 'False' ? false : undefined;
            if (flag === undefined) throw badRequest(`Invalid input for field/attribute bootable. Value: ${String(value)}.`);
            state.volume(pid, id);
            state.setBootable(pid, id, flag);
            return { status: 200 };
          }
          case 'os-retype': {
            if (typeof a.new_type !== 'string') throw badRequest("Invalid input for field/attribute new_type. 'new_type' is a required property");
            const policy = a.migration_policy ?? 'never';
            if (policy !== 'never' && policy !== 'on-demand') {
              throw badRequest(`Invalid input for field/attribute migration_policy. Value: ${String(policy)}. '${String(policy)}' is not one of ['on-demand', 'never']`);
            }
            state.retype(pid, id, a.new_type, policy);
            return { status: 202 };
          }
          case 'revert':
            // Added in 3.40: below it the action does not exist.
            if (vcmp(version, [3, 40]) < 0) throw notFound('There is no such action: revert');
            if (typeof a.snapshot_id !== 'string') throw badRequest("Invalid input for field/attribute snapshot_id. 'snapshot_id' is a required property");
            state.revert(pid, id, a.snapshot_id);
            return { status: 202 };
          default:
            throw notFound(`There is no such action: ${action ?? ''}`);
        }
      }
    }
    if (collection === 'snapshots') {
      if (method === 'GET' && (id === undefined || id === 'detail')) {
        const volumeId = url.searchParams.get('volume_id');
        const rows = [...state.snapshots.values()]
          .filter((s) => s.projectId === pid && (!volumeId || s.volumeId === volumeId))
          .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime());
        return { status: 200, body: { snapshots: rows.map(snapshotJson) } };
      }
      if (method === 'GET' && id) return { status: 200, body: { snapshot: snapshotJson(state.snapshot(pid, id)) } };
      if (method === 'POST' && !id) {
        const s = b.snapshot;
        if (!s || typeof s.volume_id !== 'string') throw badRequest("Invalid input for field/attribute snapshot. 'volume_id' is a required property");
        const force = s.force === true || s.force === 'true' || s.force === 'True';
        const created = state.createSnapshot(pid, {
          volumeId: s.volume_id,
          name: typeof s.name === 'string' ? s.name : '',
          description: typeof s.description === 'string' ? s.description : undefined,
          force,
        });
        return { status: 202, body: { snapshot: snapshotJson(created) } };
      }
      if (method === 'DELETE' && id) {
        state.deleteSnapshot(pid, id);
        return { status: 202 };
      }
    }
    if (collection === 'types' && method === 'GET' && !id) {
      return {
        status: 200,
        body: {
          volume_types: state.types.map((t) => ({
            id: t.id,
            name: t.name,
            description: t.description,
            is_public: true,
            'os-volume-type-access:is_public': true,
            extra_specs: caller.admin ? { volume_backend_name: t.backend } : undefined,
          })),
        },
      };
    }
    if (collection === 'os-services') {
      // cinder/api/contrib/services.py: listing and updating are admin-only policies.
      const policy = method === 'GET' ? 'volume_extension:services:index' : 'volume_extension:services:update';
      if (!caller.admin) return { status: 403, body: { forbidden: { code: 403, message: `Policy doesn't allow ${policy} to be performed.` } } };
      if (method === 'GET' && !id) {
        const host = url.searchParams.get('host');
        const binary = url.searchParams.get('binary');
        const rows = state.services.filter((x) => (!host || x.host === host) && (!binary || x.binary === binary));
        return {
          status: 200,
          body: {
            services: rows.map((x) => ({
              binary: x.binary,
              host: x.host,
              zone: x.zone,
              status: x.disabled ? 'disabled' : 'enabled',
              state: state.serviceUp(x) ? 'up' : 'down',
              updated_at: cinderDate(new Date(x.lastReport)),
              ...(vcmp(version, [3, 7]) >= 0 ? { cluster: null } : {}),
              ...(vcmp(version, [3, 49]) >= 0 && x.binary === 'cinder-volume' ? { backend_state: 'up' } : {}),
              disabled_reason: x.disabledReason,
              ...(x.binary === 'cinder-volume' ? { replication_status: 'disabled', active_backend_id: null, frozen: false } : {}),
            })),
          },
        };
      }
      if (method === 'PUT' && (id === 'enable' || id === 'disable' || id === 'disable-log-reason')) {
        const p = (body ?? {}) as Record<string, unknown>;
        const allowed = id === 'disable-log-reason' ? ['binary', 'host', 'cluster', 'service', 'disabled_reason'] : ['binary', 'host', 'cluster', 'service'];
        const extra = Object.keys(p).filter((k) => !allowed.includes(k));
        if (extra.length) throw badRequest(`Invalid input for field/attribute ${id}. Additional properties are not allowed ('${extra.join("', '")}' ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
        const binary = typeof p.binary === 'string' && p.binary ? p.binary : typeof p.service === 'string' ? p.service : '';
        if (!binary) throw badRequest(`Invalid input for field/attribute ${id}. Value: ${JSON.stringify(p)}. {'binary'} is a required property`);
        if (typeof p.host !== 'string' || !p.host) throw badRequest('Invalid input received: Host field is missing.');
        let reason: string | undefined;
        if (id === 'disable-log-reason') {
          reason = typeof p.disabled_reason === 'string' ? p.disabled_reason : undefined;
          const trimmed = reason?.trim() ?? '';
          if (!trimmed || trimmed.length > 255) throw badRequest('Invalid input received: disabled_reason has a minimum character requirement of 1.');
        }
        const svc = state.service(p.host, binary);
        svc.disabled = id !== 'enable';
        // Enabling keeps the recorded reason, as Cinder does; only a new disable replaces it.
        if (reason !== undefined) svc.disabledReason = reason;
        const answer: Record<string, unknown> = { disabled: svc.disabled, host: p.host, service: typeof p.service === 'string' ? p.service : '', binary: typeof p.binary === 'string' ? p.binary : '', status: svc.disabled ? 'disabled' : 'enabled' };
        if (reason !== undefined) answer.disabled_reason = reason;
        return { status: 200, body: answer };
      }
      throw badRequest('Invalid input received: Unknown action');
    }
    if (collection === 'resource_filters' && method === 'GET' && !id) {
      // Added in 3.33: below it the resource does not exist.
      if (vcmp(version, [3, 33]) < 0) throw notFound('The resource could not be found.');
      const only = url.searchParams.get('resource');
      const entries = Object.entries(MEMBER_FILTERS).filter(([resource]) => !only || resource === only);
      return { status: 200, body: { resource_filters: entries.map(([resource, filters]) => ({ resource, filters })) } };
    }
    if (collection === 'messages' && method === 'GET') {
      // User messages exist from 3.3; below it the resource does not exist.
      if (vcmp(version, [3, 3]) < 0) throw notFound('The resource could not be found.');
      const resource = url.searchParams.get('resource_uuid');
      const rows = state.messages
        .filter((m) => m.projectId === pid && (!resource || m.resourceId === resource))
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime());
      const json = (m: (typeof rows)[number]) => ({
        id: m.id,
        event_id: 'VOLUME_VOLUME_001_002',
        resource_type: 'VOLUME',
        resource_uuid: m.resourceId,
        message_level: 'ERROR',
        user_message: `${m.action}: ${m.detail}`,
        request_id: `req-${m.id}`,
        created_at: cinderDate(m.createdAt),
        expires_at: cinderDate(new Date(m.createdAt.getTime() + 30 * 86_400_000)),
      });
      if (id) {
        const one = rows.find((m) => m.id === id);
        if (!one) throw notFound(`Message ${id} could not be found.`);
        return { status: 200, body: { message: json(one) } };
      }
      return { status: 200, body: { messages: rows.map(json) } };
    }
    if (collection === 'limits' && method === 'GET') {
      const used = state.usage(pid);
      const q = caller.project.quota;
      return {
        status: 200,
        body: {
          limits: {
            rate: [],
            absolute: {
              maxTotalVolumes: q.volumes,
              maxTotalVolumeGigabytes: q.gigabytes,
              maxTotalSnapshots: q.snapshots,
              maxTotalBackups: 10,
              maxTotalBackupGigabytes: 1000,
              totalVolumesUsed: used.volumes,
              totalGigabytesUsed: used.gigabytes,
              totalSnapshotsUsed: used.snapshots,
              totalBackupsUsed: 0,
              totalBackupGigabytesUsed: 0,
            },
          },
        },
      };
    }
    if (collection === 'os-quota-sets' && id && !sub && (method === 'PUT' || method === 'DELETE')) {
      const action = method === 'PUT' ? 'update' : 'delete';
      if (!caller.admin) return { status: 403, body: { forbidden: { code: 403, message: `Policy doesn't allow volume_extension:quotas:${action} to be performed.` } } };
      if (method === 'DELETE') {
        state.resetQuota(id);
        return { status: 200 };
      }
      const set = b.quota_set;
      if (!set || typeof set !== 'object' || Object.keys(set).length === 0) throw badRequest("Invalid input for field/attribute quota_set. 'quota_set' is a required property");
      state.updateQuota(id, set);
      return { status: 200, body: { quota_set: state.quotaSet(id, false) } };
    }
    if (collection === 'os-quota-sets' && id && method === 'GET' && (!sub || sub === 'defaults')) {
      // SYSTEM_READER_OR_PROJECT_READER on the target project: a member reads only their own.
      if (!caller.admin && id !== pid) return { status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:show to be performed." } } };
      if (sub === 'defaults') return { status: 200, body: { quota_set: { ...state.quotaSet(id, false, true), id } } };
      const raw = url.searchParams.get('usage');
      // utils.get_bool_param: oslo's strict boolean strings, anything else a 400.
      const usage = raw === null ? false : BOOL_TRUE.has(raw.toLowerCase()) ? true : BOOL_FALSE.has(raw.toLowerCase()) ? false : undefined;
      if (usage === undefined) throw badRequest(`Value '${raw}' for 'usage' is not a boolean.`);
      return { status: 200, body: { quota_set: { ...state.quotaSet(id, usage), id } } };
    }
    if (collection === 'scheduler-stats' && id === 'get_pools' && method === 'GET') {
      if (!caller.admin) return { status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow scheduler_extension:scheduler_stats:get_pools to be performed." } } };
      const pools = state.pools.map(({ backend, protocol, totalGb: total }) => {
        const allocated = [...state.volumes.values()].filter((v) => v.host === state.hostOf(backend)).reduce((n, v) => n + v.size, 0);
        return {
          name: state.hostOf(backend),
          capabilities: {
            volume_backend_name: backend,
            storage_protocol: protocol,
            vendor_name: 'Open Source',
            driver_version: '3.0.0',
            total_capacity_gb: total,
            free_capacity_gb: typeof total === 'number' ? total - allocated : 'unknown',
            allocated_capacity_gb: allocated,
            thin_provisioning_support: backend !== 'nfs',
            reserved_percentage: 0,
          },
        };
      });
      return { status: 200, body: { pools } };
    }
    throw notFound('The resource could not be found.');
  }

  function route(req: IncomingMessage, url: URL, body: unknown): Reply {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'identity' && parts[1] === 'v3' && parts[2] === 'auth' && parts[3] === 'tokens') {
      if (req.method === 'POST') return issueToken(body);
      if (req.method === 'DELETE') {
        const value = req.headers['x-subject-token'];
        if (typeof value === 'string') tokens.delete(value);
        return { status: 204 };
      }
    }
    if (parts[0] === 'identity' && parts[1] === 'v3' && parts[2] === 'projects' && parts.length === 3 && req.method === 'GET') return listProjects(req, url);
    if (parts[0] === 'identity' && parts.length <= 2 && req.method === 'GET') {
      return { status: 200, body: { version: { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${base}/identity/v3/` }] } } };
    }
    if (parts[0] !== 'volume') throw notFound('The resource could not be found.');
    const versionDoc = {
      id: 'v3.0',
      status: 'CURRENT',
      version: maxVersion,
      min_version: MIN_VERSION,
      updated: '2023-03-15T00:00:00Z',
      links: [{ rel: 'self', href: `${base}/volume/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    };
    if (parts.length === 1 && req.method === 'GET') return { status: 300, body: { versions: [versionDoc] } };
    if (parts[1] !== 'v3') throw notFound('The resource could not be found.');
    if (parts.length === 2 && req.method === 'GET') return { status: 200, body: { versions: [versionDoc] } };
    // The microversion header: absent = 3.0; outside [min, max] = 406.
    const header = req.headers['openstack-api-version'];
    let version: [number, number] = [3, 0];
    if (typeof header === 'string' && header.trim()) {
      const m = /^volume\s+(\S+)$/i.exec(header.trim());
      const parsed = m ? (m[1] === 'latest' ? vparse(maxVersion) : vparse(m[1]!)) : undefined;
      if (!parsed) throw badRequest(`Invalid API version header: ${header}`);
      if (vcmp(parsed, vparse(MIN_VERSION)!) < 0 || vcmp(parsed, vparse(maxVersion)!) > 0) {
        throw new ApiFault(406, 'computeFault', `Version ${m![1]} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${maxVersion}.`);
      }
      version = parsed;
    }
    const reply = cinder(req, url, parts.slice(2), body, version);
    reply.headers = { ...reply.headers, 'OpenStack-API-Version': `volume ${version.join('.')}`, Vary: 'OpenStack-API-Version' };
    return reply;
  }

  const glanceHandler = createGlanceHandler(
    glance,
    (req) => {
      const caller = who(req);
      return caller ? { projectId: caller.project.id, admin: caller.admin } : undefined;
    },
    () => base,
  );

  const server = createServer((req, res: ServerResponse) => {
    if (req.url === '/image' || req.url?.startsWith('/image/')) {
      // Glance streams image bytes: its requests are not read whole like the JSON APIs'.
      requests++;
      const key = `${req.method} ${req.url.split('?')[0]!.replace(/[0-9a-f]{32}|[0-9a-f-]{36}/g, '{id}')}`;
      byRoute[key] = (byRoute[key] ?? 0) + 1;
      state.tick();
      glanceHandler(req, res, new URL(req.url, base));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      let reply: Reply;
      try {
        if (url.pathname === '/__fake/stats') {
          reply = { status: 200, body: { requests, byRoute } };
        } else if (url.pathname === '/__fake/service-reporting' && req.method === 'PUT') {
          // A service process stops (or resumes) heartbeating, as when its host dies: tests only.
          const p = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { host?: string; binary?: string; reporting?: boolean };
          const svc = state.service(String(p.host), String(p.binary));
          svc.reporting = p.reporting !== false;
          if (svc.reporting) svc.lastReport = state.clock();
          reply = { status: 204 };
        } else {
          requests++;
          const key = `${req.method} ${url.pathname.replace(/[0-9a-f]{32}|[0-9a-f-]{36}/g, '{id}')}`;
          byRoute[key] = (byRoute[key] ?? 0) + 1;
          state.tick();
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          if (text.trim()) {
            try {
              body = JSON.parse(text);
            } catch {
              throw badRequest('Malformed request body');
            }
          }
          reply = route(req, url, body);
        }
      } catch (error) {
        if (error instanceof ApiFault) {
          const bodyOf =
            url.pathname.startsWith('/identity')
              ? { error: { code: error.status, title: error.faultName, message: error.message } }
              : { [error.faultName]: { code: error.status, message: error.message } };
          reply = { status: error.status, body: bodyOf };
        } else {
          reply = { status: 500, body: { computeFault: { code: 500, message: 'The server has either erred or is incapable of performing the requested operation.' } } };
          process.stderr.write(`fake cinder: ${(error as Error).stack ?? String(error)}\n`);
        }
      }
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.body !== undefined) headers['Content-Type'] = 'application/json';
      res.writeHead(reply.status, headers);
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  base = `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return {
    url: `${base}/identity/v3`,
    cinderUrl: `${base}/volume`,
    projectId: project.id,
    state,
    glance,
    stats: {
      requests: () => requests,
      byRoute: () => ({ ...byRoute }),
      reset: () => {
        requests = 0;
        for (const k of Object.keys(byRoute)) delete byRoute[k];
      },
    },
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          glance.close();
          resolve();
        });
      }),
  };
}
