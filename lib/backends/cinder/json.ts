/** Reading OpenStack JSON defensively: fields may be missing, null, or strings where numbers are meant. */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Json => v !== undefined) : [];
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Cinder sends `bootable` as the STRING "true"/"false"; other booleans as JSON booleans. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** Cinder dates have no zone ("2026-11-23T10:00:00.000000"): they are UTC. */
export function date(value: unknown): Date | undefined {
  const text = str(value);
  if (!text) return undefined;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const d = new Date(withZone);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function parseJson(text: string): Json | undefined {
  if (text.trim() === '') return undefined;
  try {
    return obj(JSON.parse(text));
  } catch {
    return undefined;
  }
}
