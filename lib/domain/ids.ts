/**
 * Identifiers of objects that live in a backend.
 *
 * The dashboard talks to several backends at once, and two engines may well
 * hand out the same native id (libvirt names, small integers in fakes, copied
 * UUIDs after a restore). Every id that leaves an adapter is therefore qualified
 * by the id of the connection it came from: `${connectionId}:${nativeId}`.
 * Connection ids never contain ':', so the FIRST ':' splits the two, and the
 * native id may contain ':' freely (libvirt URIs, Cinder ids are opaque too).
 */

/** An id as the backend itself spells it. Opaque: never assume a format. */
export type NativeId = string;

/** `${connectionId}:${nativeId}` */
export type QualifiedId = string;

export interface ParsedId {
  connectionId: string;
  nativeId: NativeId;
}

export function isValidConnectionId(connectionId: string): boolean {
  return connectionId.length > 0 && !connectionId.includes(':');
}

export function qualifyId(connectionId: string, nativeId: NativeId): QualifiedId {
  if (!isValidConnectionId(connectionId)) {
    throw new TypeError(`invalid connection id ${JSON.stringify(connectionId)}: it must be non-empty and contain no ':'`);
  }
  if (nativeId.length === 0) throw new TypeError('a native id must not be empty');
  return `${connectionId}:${nativeId}`;
}

/** Splits at the FIRST ':'; returns undefined when `qid` is not a qualified id. */
export function parseQualifiedId(qid: string): ParsedId | undefined {
  const colon = qid.indexOf(':');
  if (colon <= 0 || colon === qid.length - 1) return undefined;
  return { connectionId: qid.slice(0, colon), nativeId: qid.slice(colon + 1) };
}

/** A link to another object. `name` is filled when the backend gave it cheaply. */
export interface Ref {
  id: QualifiedId;
  name?: string;
}

/** What every object read from a backend carries. */
export interface Entity {
  /** Qualified id: unique across all connections. */
  id: QualifiedId;
  /** The backend's own id, for display and for support tickets. */
  nativeId: NativeId;
  connectionId: string;
  name: string;
}
