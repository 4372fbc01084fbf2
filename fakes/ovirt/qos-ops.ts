/**
 * QoS entries of a data center on the demo engine: network QoS (a vNIC profile's inbound and
 * outbound average/peak/burst) and host network QoS (a logical network's outbound link share,
 * upper limit and real time on the hosts). Validated before anything changes, as the engine's
 * NetworkQosValidator and HostNetworkQosValidator do; wording after the engine's messages
 * ("Cannot <action> <type>. …"), ranges its default configuration (MaxAverageNetworkQoSValue,
 * MaxPeakNetworkQoSValue, MaxBurstNetworkQoSValue, MaxHostNetworkQosShares).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { type Actor, type Body, type Engine, asInt, asObj, asStr } from './engine';
import type { DataCenter, Qos } from './model';
import { type Wire, href, ref } from './wire';

// AuditLogType: USER_ADDED_NETWORK_QOS, USER_REMOVED_NETWORK_QOS, USER_UPDATED_NETWORK_QOS.
const CODE = { ADD_QOS: 10110, REMOVE_QOS: 10112, UPDATE_QOS: 10114 } as const;
const NAME_RE = /^[A-Za-z0-9_.-]{1,50}$/;
/** Mbps; burst in MB; link share is a weight. */
const MAX = { average: 1024, peak: 2048, burst: 10240, shares: 100, rate: 1_000_000 } as const;

const NETWORK_FIELDS = ['inbound_average', 'inbound_peak', 'inbound_burst', 'outbound_average', 'outbound_peak', 'outbound_burst'] as const;
const HOST_FIELDS = ['outbound_average_linkshare', 'outbound_average_upperlimit', 'outbound_average_realtime'] as const;
const camel = (k: string): keyof Qos => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) as keyof Qos;

const typeWord = (type: Qos['type']) => (type === 'network' ? 'Network QoS' : 'Host Network QoS');

export const qosOfDc = (e: Engine, dcId: string): Qos[] => [...e.store.qoss.values()].filter((q) => q.dataCenterId === dcId).sort((a, b) => (a.name < b.name ? -1 : 1));

function values(body: Body, q: Partial<Qos>): void {
  for (const k of [...NETWORK_FIELDS, ...HOST_FIELDS]) {
    if (!(k in body)) continue;
    const v = body[k] === null || body[k] === '' ? undefined : asInt(body[k], k);
    (q as Record<string, unknown>)[camel(k)] = v;
  }
}

function check(e: Engine, q: Qos, action: string, self?: Qos): void {
  const type = typeWord(q.type);
  if (!NAME_RE.test(q.name)) throw badRequest(`[Cannot ${action} ${type}. The name may contain only letters, numbers, '_', '-' and '.'.]`);
  if (qosOfDc(e, q.dataCenterId).some((o) => o !== self && o.name === q.name)) throw conflict(`Cannot ${action} ${type}. QoS element name already exists.`);
  if (q.type === 'network') {
    for (const dir of ['inbound', 'outbound'] as const) {
      const avg = q[`${dir}Average`];
      const peak = q[`${dir}Peak`];
      const burst = q[`${dir}Burst`];
      const set = [avg, peak, burst].filter((v) => v !== undefined).length;
      if (set !== 0 && set !== 3) throw conflict(`Cannot ${action} ${type}. All three QoS parameters are required to configure QoS in a certain direction.`);
      if (set === 0) continue;
      if (avg! < 0 || avg! > MAX.average || peak! < 0 || peak! > MAX.peak || burst! < 0 || burst! > MAX.burst) {
        throw badRequest(`[Cannot ${action} ${type}. Values are out of range (average 0-${MAX.average} Mbps, peak 0-${MAX.peak} Mbps, burst 0-${MAX.burst} MB).]`);
      }
      if (peak! < avg!) throw conflict(`Cannot ${action} ${type}. Peak cannot be set lower than Average.`);
    }
  } else {
    const { outboundAverageLinkshare: share, outboundAverageUpperlimit: upper, outboundAverageRealtime: real } = q;
    if (share === undefined && (upper !== undefined || real !== undefined)) {
      throw conflict(`Cannot ${action} ${type}. The link share must be specified when an upper limit or a real time rate is.`);
    }
    if ((share !== undefined && (share < 1 || share > MAX.shares)) || [upper, real].some((v) => v !== undefined && (v < 0 || v > MAX.rate))) {
      throw badRequest(`[Cannot ${action} ${type}. Values are out of range (link share 1-${MAX.shares}, rates 0-${MAX.rate} Mbps).]`);
    }
    if (upper !== undefined && real !== undefined && upper < real) {
      throw conflict(`Cannot ${action} ${type}. If both upper-limit and real-time rates are specified, the upper-limit rate must be greater than or equal to the real-time rate.`);
    }
  }
}

export function addQos(e: Engine, a: Actor, dc: DataCenter, body: Body): Qos {
  if (!a.user.admin) throw forbidden();
  const name = asStr(body.name, 'name');
  const type = asStr(body.type, 'type');
  const missing = [!name && 'name', !type && 'type'].filter(Boolean);
  if (missing.length) throw incomplete('QoS', missing.join(', '));
  // Storage and CPU QoS exist on the engine; the demo engine keeps the two network kinds.
  if (type !== 'network' && type !== 'hostnetwork') throw badRequest(`Invalid value '${type}' for 'type'.`);
  const q: Qos = { id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', dataCenterId: dc.id, type };
  values(body, q);
  check(e, q, 'add');
  e.store.qoss.set(q.id, q);
  e.event({ code: CODE.ADD_QOS, severity: 'normal', dataCenterId: dc.id, description: `${typeWord(type)} ${q.name} was added to Data Center ${dc.name} by ${a.user.userName}.` }, a);
  return q;
}

export function updateQos(e: Engine, a: Actor, q: Qos, body: Body): void {
  if (!a.user.admin) throw forbidden();
  if (body.type !== undefined && body.type !== q.type) throw conflict(`Cannot update ${typeWord(q.type)}. The QoS type cannot be changed.`);
  const next: Qos = { ...q, name: asStr(body.name, 'name') ?? q.name, description: asStr(body.description, 'description') ?? q.description };
  values(body, next);
  check(e, next, 'update', q);
  Object.assign(q, next);
  e.event({ code: CODE.UPDATE_QOS, severity: 'normal', dataCenterId: q.dataCenterId, description: `${typeWord(q.type)} ${q.name} was updated by ${a.user.userName}.` }, a);
}

/** Profiles and networks that used it lose it (the engine's foreign keys set them to none). */
export function removeQos(e: Engine, a: Actor, q: Qos): void {
  if (!a.user.admin) throw forbidden();
  for (const p of e.store.vnicProfiles.values()) if (p.qosId === q.id) delete p.qosId;
  for (const n of e.store.networks.values()) if (n.qosId === q.id) delete n.qosId;
  e.store.qoss.delete(q.id);
  e.event({ code: CODE.REMOVE_QOS, severity: 'normal', dataCenterId: q.dataCenterId, description: `${typeWord(q.type)} ${q.name} was removed by ${a.user.userName}.` }, a);
}

/**
 * A `qos` reference in a profile or network body: `{id}` sets it, `{}` or an id-less object takes
 * it away; it must be a QoS of the right type in the same data center.
 */
export function parseQosRef(e: Engine, raw: unknown, dataCenterId: string, type: Qos['type'], action: string, what: string): string | null | undefined {
  if (raw === undefined) return undefined;
  const o = asObj(raw);
  const id = o ? asStr(o.id, 'qos.id') : undefined;
  if (!id) return null;
  const q = e.store.qoss.get(id);
  if (!q) throw notFound(id);
  if (q.dataCenterId !== dataCenterId) throw conflict(`Cannot ${action} ${what}. The QoS does not belong to the Data Center of the network.`);
  if (q.type !== type) throw conflict(`Cannot ${action} ${what}. The QoS is a ${typeWord(q.type)}, not a ${typeWord(type)}.`);
  return id;
}

export function qosWire(q: Qos): Wire {
  const out: Wire = {
    id: q.id, href: href(`datacenters/${q.dataCenterId}/qoss/${q.id}`), name: q.name, type: q.type, data_center: ref('datacenters', q.dataCenterId),
  };
  if (q.description) out.description = q.description;
  for (const k of [...NETWORK_FIELDS, ...HOST_FIELDS]) {
    const v = q[camel(k)];
    if (v !== undefined) out[k] = String(v);
  }
  return out;
}
