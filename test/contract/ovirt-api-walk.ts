/**
 * Walks the demo engine's JSON answers against the compact API model (./ovirt-api-model.ts) and
 * lists every field, link rel, action rel or enum value the model does not define, and every value
 * of the wrong kind. The answer's type comes from the request path, as the engine's own routing
 * decides it.
 */
import { ACTION_COMMON, ACTION_PARAMETERS, FAULT, MODEL_ENUMS, MODEL_TYPES, type AttrKind, type ModelType } from './ovirt-api-model';
import type { RecordedResponse } from './ovirt-demo';

type Json = Record<string, unknown>;

/** Collection and object paths → the model type they answer with (the last match wins). */
const ROUTES: Array<[RegExp, string]> = [
  [/^$/, 'Api'],
  [/^\/clusters(\/[^/]+)?$/, 'Cluster'],
  [/^\/clusters\/[^/]+\/networks(\/[^/]+)?$/, 'Network'],
  [/^\/clusters\/[^/]+\/glustervolumes(\/[^/]+)?$/, 'GlusterVolume'],
  [/^\/clusters\/[^/]+\/glustervolumes\/[^/]+\/glusterbricks(\/[^/]+)?$/, 'GlusterBrick'],
  [/^\/datacenters(\/[^/]+)?$/, 'DataCenter'],
  [/^\/datacenters\/[^/]+\/clusters(\/[^/]+)?$/, 'Cluster'],
  [/^\/datacenters\/[^/]+\/networks(\/[^/]+)?$/, 'Network'],
  [/^\/datacenters\/[^/]+\/storagedomains(\/[^/]+)?$/, 'StorageDomain'],
  [/^\/disks(\/[^/]+)?$/, 'Disk'],
  [/^\/events(\/[^/]+)?$/, 'Event'],
  [/^\/hosts(\/[^/]+)?$/, 'Host'],
  [/^\/hosts\/[^/]+\/nics(\/[^/]+)?$/, 'HostNic'],
  [/^\/hosts\/[^/]+(\/nics\/[^/]+)?\/networkattachments(\/[^/]+)?$/, 'NetworkAttachment'],
  [/^\/jobs(\/[^/]+)?$/, 'Job'],
  [/^\/jobs\/[^/]+\/steps(\/[^/]+)?$/, 'Step'],
  [/^\/networks(\/[^/]+)?$/, 'Network'],
  [/^\/networkfilters(\/[^/]+)?$/, 'NetworkFilter'],
  [/^\/networks\/[^/]+\/vnicprofiles(\/[^/]+)?$/, 'VnicProfile'],
  [/^\/permissions(\/[^/]+)?$/, 'Permission'],
  [/^\/storagedomains(\/[^/]+)?$/, 'StorageDomain'],
  [/^\/templates(\/[^/]+)?$/, 'Template'],
  [/^\/vnicprofiles(\/[^/]+)?$/, 'VnicProfile'],
  [/^\/vms(\/[^/]+)?$/, 'Vm'],
  [/^\/vms\/[^/]+\/graphicsconsoles(\/[^/]+)?$/, 'GraphicsConsole'],
  [/^\/vms\/[^/]+\/snapshots(\/[^/]+)?$/, 'Snapshot'],
  [/^\/vms\/[^/]+\/nics(\/[^/]+)?$/, 'Nic'],
  [/^\/vms\/[^/]+\/diskattachments(\/[^/]+)?$/, 'DiskAttachment'],
  [/^\/affinitylabels(\/[^/]+)?$/, 'AffinityLabel'],
  [/^\/affinitylabels\/[^/]+\/vms(\/[^/]+)?$/, 'Vm'],
  [/^\/affinitylabels\/[^/]+\/hosts(\/[^/]+)?$/, 'Host'],
  [/^\/clusters\/[^/]+\/affinitygroups(\/[^/]+)?$/, 'AffinityGroup'],
  [/^\/clusters\/[^/]+\/affinitygroups\/[^/]+\/vms(\/[^/]+)?$/, 'Vm'],
  [/^\/clusters\/[^/]+\/affinitygroups\/[^/]+\/hosts(\/[^/]+)?$/, 'Host'],
  [/^\/vms\/[^/]+\/affinitylabels(\/[^/]+)?$/, 'AffinityLabel'],
];

/** The service that acts on an object, by the collection segment before its id. */
const SERVICES: Record<string, string> = {
  vms: 'VmService',
  hosts: 'HostService',
  graphicsconsoles: 'VmGraphicsConsoleService',
  storagedomains: 'StorageDomainService',
  jobs: 'JobService',
  glustervolumes: 'GlusterVolumeService',
};

/** Actions on a whole collection (POST …/glusterbricks/migrate): the service by the collection segment. */
const COLLECTION_ACTIONS: Record<string, { service: string; actions: string[] }> = {
  glusterbricks: { service: 'GlusterBricksService', actions: ['activate', 'migrate', 'stopmigrate'] },
};

/** List wrappers the engine does not name after the type (a brick list is `{"brick": [...]}`). */
const WRAPPERS: Record<string, string> = { GlusterBrick: 'brick' };

/** snake_case of a type name: the key of its list wrapper (`DiskAttachment` → `disk_attachment`). */
const wrapperKey = (type: string) => WRAPPERS[type] ?? type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function walkResponses(responses: readonly RecordedResponse[]): string[] {
  const problems = new Set<string>();
  const say = (where: string, what: string): void => void problems.add(`${where}: ${what}`);

  function value(kind: AttrKind, v: unknown, where: string): void {
    if (kind.startsWith('link:')) {
      const target = kind.slice(5);
      // A list link comes followed (`{"nic": [...]}`) or not at all; a single one as a ref or followed.
      return value(target, v, where);
    }
    if (kind.endsWith('[]')) {
      const element = kind.slice(0, -2);
      if (!isObject(v)) return say(where, `a list must come wrapped in an object, got ${JSON.stringify(v)}`);
      for (const [key, items] of Object.entries(v)) {
        if (items === undefined) continue;
        if (!Array.isArray(items)) return say(where, `list wrapper key "${key}" holds no array`);
        // Wrapped lists of structs use the type's own name; lists of enums or strings any singular.
        if (MODEL_TYPES[element] && key !== wrapperKey(element)) say(where, `list key "${key}", the model says "${wrapperKey(element)}"`);
        for (const item of items) value(element, item, where);
      }
      return;
    }
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') say(where, `not a string: ${JSON.stringify(v)}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean' && v !== 'true' && v !== 'false') say(where, `not a boolean: ${JSON.stringify(v)}`);
        return;
      case 'integer':
        if (!(Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v)))) say(where, `not an integer: ${JSON.stringify(v)}`);
        return;
      case 'decimal':
        if (!(typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)))) say(where, `not a decimal: ${JSON.stringify(v)}`);
        return;
      case 'date':
        if (typeof v !== 'number' && typeof v !== 'string') say(where, `not a date: ${JSON.stringify(v)}`);
        return;
    }
    if (kind.startsWith('enum:')) {
      const values = MODEL_ENUMS[kind.slice(5)];
      if (!values) return say(where, `enum ${kind.slice(5)} is not in the schema`);
      if (typeof v !== 'string' || !values.includes(v)) say(where, `${JSON.stringify(v)} is not a ${kind.slice(5)} value`);
      return;
    }
    const type = kind === 'Fault' ? FAULT : MODEL_TYPES[kind];
    if (!type) return say(where, `type ${kind} is not in the schema`);
    if (!isObject(v)) return say(where, `not an object: ${JSON.stringify(v)}`);
    object(kind, type, v, where);
  }

  function object(name: string, type: ModelType, o: Json, where: string, service?: { links: string[]; actions: string[] }): void {
    for (const [key, v] of Object.entries(o)) {
      const at = `${where} ${name}.${key}`;
      // Recorded before JSON.stringify: an undefined field never reaches the wire.
      if (key === 'href' || v === undefined) continue;
      if (key === 'link') {
        const allowed = service?.links ?? type.links ?? [];
        for (const l of Array.isArray(v) ? v : []) {
          // The API root also offers each collection's search as "<rel>/search".
          const rel = String((l as Json).rel ?? '').replace(/\/search$/, '');
          if (!allowed.includes(rel)) say(at, `link rel "${rel}" is not offered by ${name}'s service`);
        }
        continue;
      }
      if (key === 'actions') {
        const allowed = service?.actions ?? type.actions ?? [];
        const links = isObject(v) && Array.isArray(v.link) ? v.link : [];
        for (const l of links) {
          const rel = String((l as Json).rel ?? '');
          if (!allowed.includes(rel)) say(at, `action "${rel}" is not an action of ${name}'s service`);
        }
        continue;
      }
      const kind = type.attrs[key];
      if (!kind) {
        say(at, 'the model defines no such attribute');
        continue;
      }
      value(kind, v, at);
    }
  }

  for (const r of responses) {
    const [pathname] = r.path.split('?');
    if (!pathname!.startsWith('/ovirt-engine/api')) continue; // SSO is OAuth, not the API model
    const path = pathname!.slice('/ovirt-engine/api'.length);
    const where = `${r.method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`;
    const body = r.body as Json;
    // A bare error (no action status) is a Fault wherever it comes from, actions included.
    if (r.status >= 400 && !('status' in body)) {
      object('Fault', FAULT, body, where);
      continue;
    }
    const segs = path.split('/');
    const onCollection = r.method === 'POST' ? COLLECTION_ACTIONS[segs[segs.length - 2]!] : undefined;
    if (onCollection?.actions.includes(segs[segs.length - 1]!)) {
      const parameters = ACTION_PARAMETERS[`${onCollection.service}.${segs[segs.length - 1]}`];
      if (!parameters) say(where, `no parameters known for the action ${onCollection.service}.${segs[segs.length - 1]}`);
      else object('Action', { attrs: { ...ACTION_COMMON, ...parameters } }, body, where);
      continue;
    }
    if (r.method === 'POST' && /\/[a-z]+$/.test(path) && !ROUTES.some(([re]) => re.test(path))) {
      // An action: POST …/{collection}/{id}/{action}.
      const segments = path.split('/');
      const action = segments[segments.length - 1]!;
      const service = SERVICES[segments[segments.length - 3]!];
      const parameters = service ? ACTION_PARAMETERS[`${service}.${action}`] : undefined;
      if (!parameters) {
        say(where, `no parameters known for the action ${service ?? '?'}.${action}`);
        continue;
      }
      object('Action', { attrs: { ...ACTION_COMMON, ...parameters } }, body, where);
      continue;
    }
    const type = [...ROUTES].reverse().find(([re]) => re.test(path))?.[1];
    if (!type) {
      say(where, 'no model type known for this path');
      continue;
    }
    const model = MODEL_TYPES[type]!;
    // Storage domains read through a data center are the attached ones: their service acts on them.
    const service = type === 'StorageDomain' && path.startsWith('/datacenters/') ? ATTACHED_STORAGE_DOMAIN : undefined;
    const list = body[wrapperKey(type)];
    if (Array.isArray(list)) {
      for (const item of list) object(type, model, item as Json, where, service);
    } else if (Object.keys(body).length > 0) {
      object(type, model, body, where, service);
    }
  }
  return [...problems].sort();
}

/** AttachedStorageDomainService: what a domain listed under /datacenters/{id}/storagedomains offers. */
const ATTACHED_STORAGE_DOMAIN = { links: ['disks'], actions: ['activate', 'deactivate'] };
