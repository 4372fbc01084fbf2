import { parseQualifiedId, type QualifiedId } from '@/lib/domain';
import { BackendError } from './errors';

/**
 * The native id inside a qualified id, for this connection. An id of another
 * connection names nothing here: not_found, as the engine would say.
 */
export function nativeIdFor(connectionId: string, id: QualifiedId, what: string): string {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('invalid_input', `"${id}" is not a valid ${what} id.`);
  if (parsed.connectionId !== connectionId) {
    throw new BackendError('not_found', `${what} not found on this connection.`);
  }
  return parsed.nativeId;
}
