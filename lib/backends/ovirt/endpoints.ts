import { BackendError } from '../errors';

export interface EngineEndpoints {
  /** https://engine.example — for messages. */
  origin: string;
  /** …/ovirt-engine/api */
  api: URL;
  /** …/ovirt-engine/sso/oauth/token */
  token: URL;
  /** …/ovirt-engine/services/sso-logout */
  logout: URL;
  /** …/ovirt-engine/services/health: no sign-in; 200 while the engine reaches its database. */
  health: URL;
}

/**
 * Operators paste any of `https://engine`, `https://engine/ovirt-engine` or
 * `https://engine/ovirt-engine/api`; all mean the same engine.
 */
export function engineEndpoints(url: string): EngineEndpoints {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BackendError('invalid_input', 'The engine URL is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BackendError('invalid_input', 'The engine URL must start with https:// (or http:// for tests).');
  }
  if (parsed.username || parsed.password) {
    throw new BackendError('invalid_input', 'Put credentials in the username and password fields, not in the URL.');
  }
  const base = parsed.pathname.replace(/\/+$/, '').replace(/\/api$/, '').replace(/\/ovirt-engine$/, '');
  const root = `${parsed.origin}${base}/ovirt-engine`;
  return {
    origin: parsed.origin,
    api: new URL(`${root}/api`),
    token: new URL(`${root}/sso/oauth/token`),
    logout: new URL(`${root}/services/sso-logout`),
    health: new URL(`${root}/services/health`),
  };
}
