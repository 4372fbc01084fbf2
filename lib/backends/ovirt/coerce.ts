/**
 * Readers for the engine's loosely typed JSON. The engine serialises from its
 * XML model, so the same field can arrive as a native JSON value or as a
 * string ("stateless":"false", "cores":"1"), and collections can be `{}` when
 * empty. Every reader accepts all forms and answers `undefined` when absent.
 */

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Non-empty string, trimmed. */
export function asText(value: unknown): string | undefined {
  const s = asString(value)?.trim();
  return s ? s : undefined;
}

export function asBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Lowercase enum word: the engine's enums are lowercase, but be lenient. */
export function asEnum(value: unknown): string | undefined {
  return asText(value)?.toLowerCase();
}

/**
 * Dates arrive as epoch milliseconds (number or digit string); accept ISO
 * strings too, as some engine versions and proxies emit them.
 */
export function asDate(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && value.trim() !== '') {
    date = /^-?\d+$/.test(value.trim()) ? new Date(Number(value)) : new Date(value);
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Items of a wrapped collection: `{ vm: [...] }`. Also copes with `{}` or a
 * missing wrapper (empty), a bare array, and a single object where an array
 * was expected (XML-to-JSON conversion of a one-element list).
 */
export function listOf(wrapper: unknown, key: string): Json[] {
  const items = Array.isArray(wrapper) ? wrapper : asObject(wrapper)?.[key];
  if (Array.isArray(items)) return items.map(asObject).filter((o): o is Json => o !== undefined);
  const single = asObject(items);
  return single ? [single] : [];
}

/** A nested object's field, e.g. `path(vm, 'cpu', 'topology', 'cores')`. */
export function path(value: unknown, ...keys: string[]): unknown {
  let cur: unknown = value;
  for (const key of keys) {
    const obj = asObject(cur);
    if (!obj) return undefined;
    cur = obj[key];
  }
  return cur;
}
