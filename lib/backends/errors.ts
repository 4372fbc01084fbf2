/**
 * One error type for everything a backend can do wrong, in the style of
 * vercel/ai-chatbot lib/errors.ts: a closed set of codes, a table deciding the
 * HTTP status and what the browser may see, and the backend's own words kept
 * apart (`detail`) because operators need them ("Cannot run VM. Low disk space").
 *
 * No 'server-only' here: the browser imports the codes and ClientError type.
 */

export const BACKEND_ERROR_CODES = [
  'unreachable',
  'timeout',
  'auth_failed',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_input',
  'backend_error',
  'cancelled',
] as const;
export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[number];

export interface BackendErrorOptions {
  /** The backend's own explanation (oVirt fault detail, Cinder message). Shown to users. */
  detail?: string;
  /** HTTP status the backend answered, when there was an answer. */
  status?: number;
  cause?: unknown;
}

// Next bundles this module more than once in one server process (instrumentation, which builds the
// connection registry, apart from the route bundles), so a plain instanceof fails across copies and
// a refusal with the engine's own words would be shown as a generic error. A brand in the global
// symbol registry is the same in every copy.
const BRAND = Symbol.for('virtdash.BackendError');

export class BackendError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check.
    if (this !== BackendError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  override readonly name = 'BackendError';
  readonly [BRAND] = true;
  readonly code: BackendErrorCode;
  readonly detail?: string;
  readonly status?: number;

  constructor(code: BackendErrorCode, message: string, options: BackendErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options.detail;
    this.status = options.status;
  }
}

export function isBackendError(error: unknown, code?: BackendErrorCode): error is BackendError {
  return error instanceof BackendError && (code === undefined || error.code === code);
}

/** What a route handler should answer for each code. */
export const HTTP_STATUS_FOR_CODE: Record<BackendErrorCode, number> = {
  unreachable: 502,
  timeout: 504,
  auth_failed: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  backend_error: 502,
  cancelled: 499,
};

/** Plain words for each code, used when an error is not ours (no message of our making to show). */
const GENERIC_MESSAGE: Record<BackendErrorCode, string> = {
  unreachable: 'The backend cannot be reached.',
  timeout: 'The backend did not answer in time.',
  auth_failed: 'The backend refused the credentials.',
  forbidden: 'You do not have permission to do this.',
  not_found: 'The object was not found.',
  conflict: 'The object is not in a state that allows this.',
  invalid_input: 'The request was not valid.',
  backend_error: 'The backend reported an error.',
  cancelled: 'The request was cancelled.',
};

/** What the browser may see: no stack, no cause, no credentials. */
export interface ClientError {
  code: BackendErrorCode;
  message: string;
  detail?: string;
}

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // userinfo in URLs: https://admin:secret@engine/ → https://***@engine/
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@'],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
  // form/query parameters: access_token=…, password=…, token=…
  [/\b((?:access_|refresh_|subject_)?token|password|passwd|secret|ticket)=([^&\s"']+)/gi, '$1=***'],
  // JSON fields
  [/("(?:access_token|token|password|secret|ticket|value)"\s*:\s*)"[^"]*"/gi, '$1"***"'],
  [/\b(X-Subject-Token|X-Auth-Token)\s*:\s*\S+/gi, '$1: ***'],
];

/** Removes credentials and tokens from text meant for logs or the browser. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Turns ANY thrown value into something safe to send to the browser. */
export function toClientError(error: unknown): ClientError {
  if (error instanceof BackendError) {
    const client: ClientError = { code: error.code, message: scrubSecrets(error.message) };
    if (error.detail) client.detail = scrubSecrets(error.detail);
    return client;
  }
  if (isAbortError(error)) return { code: 'cancelled', message: GENERIC_MESSAGE.cancelled };
  // Not ours: its message may carry internals (paths, SQL, URLs). Log it, show the generic words.
  return { code: 'backend_error', message: GENERIC_MESSAGE.backend_error };
}

export function genericMessage(code: BackendErrorCode): string {
  return GENERIC_MESSAGE[code];
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}
