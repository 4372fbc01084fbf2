import { parseQualifiedId } from '@/lib/domain';

/**
 * The qualified id from a portal detail route's `[id]` segment. Next may hand it over still
 * percent-encoded, so decode only when the raw form does not parse; undefined (the page then
 * answers 404) for anything malformed or absurdly long.
 */
export function portalRouteId(raw: string): string | undefined {
  let id = raw;
  try {
    if (!parseQualifiedId(id)) id = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return parseQualifiedId(id) && id.length <= 512 ? id : undefined;
}
