/**
 * The parts of libvirt's remote protocol (src/remote/remote_protocol.x, program
 * 0x20008086 version 1) that the adapter speaks. Procedure numbers are part of
 * the wire ABI: libvirt only ever appends to that list, so they hold for every
 * daemon version since the call was added (bulk stats: 1.2.8, 2014).
 */
import { XdrReader, XdrWriter } from './xdr';

export const REMOTE_PROGRAM = 0x20008086;
export const REMOTE_PROTOCOL_VERSION = 1;
/** libvirt's keepalive program ("keep"): the daemon pings idle clients. */
export const KEEPALIVE_PROGRAM = 0x6b656570;
export const KEEPALIVE_PING = 1;
export const KEEPALIVE_PONG = 2;

export const MessageType = { CALL: 0, REPLY: 1, MESSAGE: 2, STREAM: 3 } as const;
export const MessageStatus = { OK: 0, ERROR: 1, CONTINUE: 2 } as const;

export const Proc = {
  CONNECT_OPEN: 1,
  CONNECT_CLOSE: 2,
  CONNECT_GET_TYPE: 3,
  CONNECT_GET_VERSION: 4,
  NODE_GET_INFO: 6,
  CONNECT_GET_CAPABILITIES: 7,
  DOMAIN_CREATE: 9,
  DOMAIN_DEFINE_XML: 11,
  DOMAIN_DESTROY: 12,
  DOMAIN_GET_XML_DESC: 14,
  DOMAIN_GET_AUTOSTART: 15,
  DOMAIN_LOOKUP_BY_NAME: 23,
  DOMAIN_LOOKUP_BY_UUID: 24,
  DOMAIN_REBOOT: 27,
  DOMAIN_RESUME: 28,
  DOMAIN_SET_AUTOSTART: 29,
  DOMAIN_SHUTDOWN: 33,
  DOMAIN_SUSPEND: 34,
  NETWORK_CREATE: 39,
  NETWORK_DEFINE_XML: 41,
  NETWORK_DESTROY: 42,
  NETWORK_GET_XML_DESC: 43,
  NETWORK_GET_AUTOSTART: 44,
  NETWORK_LOOKUP_BY_NAME: 46,
  NETWORK_LOOKUP_BY_UUID: 47,
  NETWORK_SET_AUTOSTART: 48,
  NETWORK_UNDEFINE: 49,
  CONNECT_GET_HOSTNAME: 59,
  AUTH_LIST: 66,
  STORAGE_POOL_CREATE_XML: 76,
  STORAGE_POOL_DESTROY: 80,
  STORAGE_POOL_REFRESH: 83,
  STORAGE_POOL_LOOKUP_BY_NAME: 84,
  STORAGE_POOL_LOOKUP_BY_UUID: 85,
  STORAGE_POOL_GET_INFO: 87,
  STORAGE_POOL_GET_XML_DESC: 88,
  STORAGE_VOL_CREATE_XML: 93,
  STORAGE_VOL_DELETE: 94,
  STORAGE_VOL_LOOKUP_BY_NAME: 95,
  STORAGE_VOL_LOOKUP_BY_KEY: 96,
  STORAGE_VOL_LOOKUP_BY_PATH: 97,
  STORAGE_VOL_GET_INFO: 98,
  STORAGE_VOL_GET_XML_DESC: 99,
  STORAGE_VOL_CREATE_XML_FROM: 125,
  NETWORK_IS_ACTIVE: 152,
  NETWORK_IS_PERSISTENT: 153,
  NETWORK_UPDATE: 291,
  NETWORK_GET_DHCP_LEASES: 341,
  DOMAIN_INTERFACE_ADDRESSES: 353,
  DOMAIN_OPEN_CONSOLE: 201,
  CONNECT_GET_LIB_VERSION: 157,
  SECRET_LOOKUP_BY_UUID: 141,
  SECRET_DEFINE_XML: 142,
  SECRET_SET_VALUE: 144,
  SECRET_UNDEFINE: 146,
  SECRET_LOOKUP_BY_USAGE: 147,
  DOMAIN_ATTACH_DEVICE_FLAGS: 160,
  DOMAIN_UPDATE_DEVICE_FLAGS: 174,
  DOMAIN_BLOCK_RESIZE: 251,
  DOMAIN_DETACH_DEVICE_FLAGS: 161,
  DOMAIN_ABORT_JOB: 164,
  DOMAIN_GET_JOB_STATS: 298,
  DOMAIN_MIGRATE_PERFORM3_PARAMS: 305,
  DOMAIN_SNAPSHOT_CREATE_XML: 185,
  DOMAIN_SNAPSHOT_GET_XML_DESC: 186,
  DOMAIN_SNAPSHOT_LOOKUP_BY_NAME: 189,
  DOMAIN_REVERT_TO_SNAPSHOT: 192,
  DOMAIN_SNAPSHOT_DELETE: 193,
  STORAGE_VOL_UPLOAD: 208,
  DOMAIN_GET_STATE: 212,
  DOMAIN_UNDEFINE_FLAGS: 231,
  DOMAIN_RESET: 245,
  STORAGE_VOL_RESIZE: 260,
  DOMAIN_PM_WAKEUP: 267,
  CONNECT_LIST_ALL_DOMAINS: 273,
  DOMAIN_LIST_ALL_SNAPSHOTS: 274,
  CONNECT_LIST_ALL_STORAGE_POOLS: 281,
  STORAGE_POOL_LIST_ALL_VOLUMES: 282,
  CONNECT_LIST_ALL_NETWORKS: 283,
  CONNECT_GET_ALL_DOMAIN_STATS: 344,
  DOMAIN_DEFINE_XML_FLAGS: 350,
  DOMAIN_RENAME: 358,
  CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY: 316,
  DOMAIN_EVENT_CALLBACK_LIFECYCLE: 318,
} as const;

export interface MessageHeader {
  prog: number;
  vers: number;
  proc: number;
  type: number;
  serial: number;
  status: number;
}

export const HEADER_BYTES = 24;

export function encodeMessage(header: MessageHeader, payload: Buffer): Buffer {
  const w = new XdrWriter()
    .uint(HEADER_BYTES + payload.length + 4)
    .uint(header.prog)
    .uint(header.vers)
    .int(header.proc)
    .int(header.type)
    .uint(header.serial)
    .int(header.status);
  return Buffer.concat([w.toBuffer(), payload]);
}

export function decodeHeader(r: XdrReader): MessageHeader {
  return { prog: r.uint(), vers: r.uint(), proc: r.int(), type: r.int(), serial: r.uint(), status: r.int() };
}

// ----- object handles ------------------------------------------------------

export interface DomainHandle {
  name: string;
  uuid: Buffer;
  /** -1 when not running. */
  id: number;
}
export interface NamedHandle {
  name: string;
  uuid: Buffer;
}
export interface VolHandle {
  pool: string;
  name: string;
  key: string;
}
/** remote_nonnull_secret: a libvirt secret (usage type 2 = ceph, 3 = iscsi). */
export interface SecretHandle {
  uuid: Buffer;
  usageType: number;
  usageId: string;
}

export interface SnapshotHandle {
  name: string;
  dom: DomainHandle;
}

export const readDomain = (r: XdrReader): DomainHandle => ({ name: r.string(), uuid: r.fixedOpaque(16), id: r.int() });
export const writeDomain = (w: XdrWriter, d: DomainHandle): XdrWriter => w.string(d.name).fixedOpaque(d.uuid).int(d.id);
export const readNamed = (r: XdrReader): NamedHandle => ({ name: r.string(), uuid: r.fixedOpaque(16) });
export const writeNamed = (w: XdrWriter, n: NamedHandle): XdrWriter => w.string(n.name).fixedOpaque(n.uuid);
export const readVol = (r: XdrReader): VolHandle => ({ pool: r.string(), name: r.string(), key: r.string() });
export const writeVol = (w: XdrWriter, v: VolHandle): XdrWriter => w.string(v.pool).string(v.name).string(v.key);
export const readSecret = (r: XdrReader): SecretHandle => ({ uuid: r.fixedOpaque(16), usageType: r.int(), usageId: r.string() });
export const writeSecret = (w: XdrWriter, x: SecretHandle): XdrWriter => w.fixedOpaque(x.uuid).int(x.usageType).string(x.usageId);
export const readSnapshot = (r: XdrReader): SnapshotHandle => ({ name: r.string(), dom: readDomain(r) });
export const writeSnapshot = (w: XdrWriter, s: SnapshotHandle): XdrWriter => writeDomain(w.string(s.name), s.dom);

export function uuidToString(uuid: Buffer): string {
  const h = uuid.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function uuidFromString(text: string): Buffer | undefined {
  const hex = text.replace(/-/g, '');
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

// ----- typed parameters (bulk stats) ---------------------------------------

export type TypedValue = number | boolean | string;

export function readTypedParams(r: XdrReader): Map<string, TypedValue> {
  const out = new Map<string, TypedValue>();
  const n = r.uint();
  for (let i = 0; i < n; i++) {
    const field = r.string();
    const type = r.int();
    let value: TypedValue;
    switch (type) {
      case 1: value = r.int(); break; // INT
      case 2: value = r.uint(); break; // UINT
      case 3: value = r.hyper(); break; // LLONG
      case 4: value = r.uhyper(); break; // ULLONG
      case 5: value = r.double(); break; // DOUBLE
      case 6: value = r.int() !== 0; break; // BOOLEAN
      case 7: value = r.string(); break; // STRING
      default: throw new RangeError(`unknown typed parameter type ${type} for ${field}`);
    }
    out.set(field, value);
  }
  return out;
}

// ----- errors --------------------------------------------------------------

export interface RemoteError {
  code: number;
  domain: number;
  message?: string;
  level: number;
}

export function readRemoteError(r: XdrReader): RemoteError {
  const code = r.int();
  const domain = r.int();
  const message = r.optionalString();
  const level = r.int();
  // The rest (dom, str1..3, int1..2, net) adds nothing the message does not say.
  return { code, domain, message, level };
}

/** virErrorNumber values the adapter reacts to (include/libvirt/virterror.h). */
export const VirErr = {
  NO_SUPPORT: 3,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  XML_ERROR: 27,
  DOM_EXIST: 28,
  OPERATION_DENIED: 29,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  AUTH_FAILED: 45,
  NO_STORAGE_POOL: 49,
  NO_STORAGE_VOL: 50,
  OPERATION_INVALID: 55,
  CONFIG_UNSUPPORTED: 67,
  OPERATION_TIMEOUT: 68,
  NO_DOMAIN_SNAPSHOT: 72,
  NO_SECRET: 66,
  ARGUMENT_UNSUPPORTED: 74,
  OPERATION_UNSUPPORTED: 84,
  RESOURCE_BUSY: 87,
  ACCESS_DENIED: 88,
  STORAGE_VOL_EXIST: 90,
} as const;
