/**
 * About how much memory a value read from a backend holds: its JSON text at two bytes a
 * character. Parsed objects take more than their JSON and strings less, so this is an order of
 * magnitude, enough to keep a cache from holding hundreds of megabytes of VM pages. A value
 * that cannot be written as JSON (a cycle) counts as nothing rather than failing the read.
 */
export function approxBytes(value: unknown): number {
  try {
    return (JSON.stringify(value)?.length ?? 0) * 2;
  } catch {
    return 0;
  }
}
