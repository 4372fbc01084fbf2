/**
 * Engine answers → BackendError. The engine explains itself in `detail`
 * ("[Cannot run VM. VM is running.]"); that text is the most useful thing a
 * user can see, so it is kept verbatim.
 */
import { BackendError, genericMessage, type BackendErrorCode } from '../errors';
import { asEnum, asObject, asText, type Json } from './coerce';

export interface EngineFault {
  reason?: string;
  detail?: string;
}

export function codeForStatus(status: number): BackendErrorCode {
  if (status === 400) return 'invalid_input';
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'backend_error';
  // 405, 406, 413, 415, 422…: the request itself was wrong.
  return 'invalid_input';
}

/** `{reason, detail}`, `{fault: {reason, detail}}`, or the XML `<fault>` form. */
export function parseFault(text: string): EngineFault {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const body = JSON.parse(trimmed) as unknown;
      return faultOf(asObject(body));
    } catch {
      return {};
    }
  }
  if (trimmed.startsWith('<')) {
    return dropEmpty({ reason: xmlText(trimmed, 'reason'), detail: xmlText(trimmed, 'detail') });
  }
  // Some REST-layer checks answer with a bare text body (global maintenance asked of a VM that is
  // not the hosted engine): that text is the engine's own explanation.
  return trimmed ? { detail: trimmed.slice(0, 1000) } : {};
}

export function faultOf(body: Json | undefined): EngineFault {
  const fault = asObject(body?.fault) ?? body;
  return dropEmpty({ reason: asText(fault?.reason), detail: asText(fault?.detail) });
}

function dropEmpty(fault: EngineFault): EngineFault {
  const out: EngineFault = {};
  if (fault.reason) out.reason = fault.reason;
  if (fault.detail) out.detail = fault.detail;
  return out;
}

function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match?.[1] ? decodeXmlEntities(match[1]).trim() : undefined;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** An HTTP error answer from the API. */
export function errorFromAnswer(status: number, text: string): BackendError {
  const code = codeForStatus(status);
  const fault = parseFault(text);
  const message = fault.reason ? `${genericMessage(code)} (${fault.reason})` : genericMessage(code);
  return new BackendError(code, message, { status, detail: fault.detail });
}

/**
 * An action answered 200 but failed: `{"status": "failed", "fault": {...}}`.
 * Returns undefined for any other status (complete, pending, in_progress).
 */
export function actionFailure(body: Json): BackendError | undefined {
  if (asEnum(body.status) !== 'failed') return undefined;
  const fault = faultOf(asObject(body.fault));
  const message = fault.reason ? `The engine could not do this (${fault.reason})` : 'The engine could not do this.';
  return new BackendError('backend_error', message, { detail: fault.detail });
}

/**
 * A refused sign-in. The engine's SSO answers HTTP 400 with `{"error_code":"access_denied",
 * "error":"Cannot authenticate user …"}` for the REST API scope (the text is in `error`), the
 * OAuth form `{"error":"access_denied","error_description":"…"}` for other scopes, and engines
 * before 4.2 sent the first form with HTTP 200. 401 is accepted as well.
 */
export function ssoFailure(status: number, body: Json | undefined): BackendError {
  const errorCode = asText(body?.error_code);
  const error = asText(body?.error);
  const code = errorCode ?? error;
  const text = asText(body?.error_description) ?? (errorCode ? error : undefined) ?? error;
  if (status >= 500 || code === 'server_error') {
    return new BackendError('backend_error', 'The engine could not sign in (SSO error).', { status, detail: text });
  }
  return new BackendError('auth_failed', 'The engine refused the credentials.', { status, detail: text });
}
