/**
 * OpenStack answers → BackendError. Cinder wraps its error in one key naming
 * the fault (`{"overLimit":{"code":413,"message":"…"}}`), Keystone in `error`
 * (`{"error":{"code":401,"title":"Unauthorized","message":"…"}}`). The message
 * is the service's own explanation and is kept as `detail` for the user.
 */
import { BackendError, genericMessage, type BackendErrorCode } from '../errors';
import { obj, parseJson, str } from './json';

export function codeForStatus(status: number): BackendErrorCode {
  if (status === 400) return 'invalid_input';
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  // 409 conflictingRequest (wrong state) and 413 overLimit (quota) both say "not now, not like this";
  // status 413 stays on the error so callers can explain a quota refusal.
  if (status === 409 || status === 413) return 'conflict';
  if (status >= 500) return 'backend_error';
  return 'invalid_input';
}

export interface OpenStackFault {
  name?: string;
  message?: string;
}

export function parseFault(text: string): OpenStackFault {
  const body = parseJson(text);
  if (!body) return {};
  const keystone = obj(body.error);
  if (keystone) return { name: str(keystone.title), message: str(keystone.message) };
  // Glance (webob) to a JSON client: {"message": "<explanation><br /><br />\n…", "code": "403 Forbidden", "title": "Forbidden"}.
  if (typeof body.message === 'string' && typeof body.title === 'string') {
    return { name: body.title, message: body.message.replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim() };
  }
  for (const [name, value] of Object.entries(body)) {
    const inner = obj(value);
    if (inner && (inner.message !== undefined || inner.code !== undefined)) return { name, message: str(inner.message) };
  }
  return {};
}

const MESSAGES: Partial<Record<string, string>> = {
  overLimit: 'The project quota does not allow this.',
  itemNotFound: 'The object was not found.',
  conflictingRequest: 'The volume is not in a state that allows this.',
};

/**
 * Glance (webob) answers errors in plain text: "409 Conflict", a blank line, then its
 * explanation. The explanation is the service's own words.
 */
export function plainTextFault(text: string): string | undefined {
  if (!text.trim() || text.trimStart().startsWith('{') || text.trimStart().startsWith('<')) return undefined;
  const parts = text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  const words = /^\d{3} /.test(parts[0] ?? '') ? parts.slice(1) : parts;
  return words.join(' ').replace(/\s+/g, ' ').slice(0, 500) || undefined;
}

export function errorFromAnswer(status: number, text: string, what = 'Cinder'): BackendError {
  const json = parseFault(text);
  const fault = json.message === undefined && json.name === undefined ? { message: plainTextFault(text) } : json;
  const code = codeForStatus(status);
  const message =
    (fault.name && MESSAGES[fault.name]) ??
    (status === 406 ? `${what} does not support the requested API version.` : genericMessage(code));
  return new BackendError(code, message, { status, detail: fault.message });
}
