import { BackendError } from '../errors';
import { httpUrlProblem, type HttpUrlProblem } from '../url-checks';

/**
 * A Cinder connection is stored like the others (one URL, a user name, a
 * password); the Keystone scope and endpoint choice ride in the URL's query so
 * the connection form, the backends file and the database need no extra columns:
 *
 *   https://keystone.example:5000/v3?project=demo&user_domain=Default&project_domain=Default&region=RegionOne&interface=public
 *
 * Development clouds without Keystone (`auth_strategy = noauth`): the URL is the
 * Cinder endpoint itself and the project is its id:
 *
 *   http://cinder.example:8776?auth=noauth&project=<project id>
 */

export const CINDER_INTERFACES = ['public', 'internal', 'admin'] as const;
export type CinderInterface = (typeof CINDER_INTERFACES)[number];

export const CINDER_URL_OPTIONS = ['auth', 'project', 'user_domain', 'project_domain', 'region', 'interface'] as const;

export interface KeystoneSettings {
  mode: 'keystone';
  /** …/v3, without a trailing slash. */
  authUrl: string;
  project: string;
  userDomain: string;
  projectDomain: string;
  region?: string;
  interface: CinderInterface;
}

export interface NoauthSettings {
  mode: 'noauth';
  /** The Cinder endpoint root, e.g. http://127.0.0.1:8776 (no /v3). */
  endpointRoot: string;
  /** The project id the volumes belong to. */
  project: string;
}

export type CinderSettings = KeystoneSettings | NoauthSettings;

export interface CinderUrlParts {
  base: string;
  auth: 'keystone' | 'noauth';
  project?: string;
  userDomain?: string;
  projectDomain?: string;
  region?: string;
  interface?: string;
}

/** Splits a stored Cinder URL into its base and options (no validation beyond parsing). */
export function splitCinderUrl(raw: string): CinderUrlParts | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const q = url.searchParams;
  const opt = (key: string) => q.get(key)?.trim() || undefined;
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    base,
    auth: opt('auth') === 'noauth' ? 'noauth' : 'keystone',
    project: opt('project'),
    userDomain: opt('user_domain'),
    projectDomain: opt('project_domain'),
    region: opt('region'),
    interface: opt('interface'),
  };
}

/** The inverse of splitCinderUrl: only non-default options are written. */
export function joinCinderUrl(parts: CinderUrlParts): string {
  const q = new URLSearchParams();
  if (parts.auth === 'noauth') q.set('auth', 'noauth');
  if (parts.project) q.set('project', parts.project);
  if (parts.auth !== 'noauth') {
    if (parts.userDomain && parts.userDomain !== 'Default') q.set('user_domain', parts.userDomain);
    if (parts.projectDomain && parts.projectDomain !== 'Default') q.set('project_domain', parts.projectDomain);
    if (parts.region) q.set('region', parts.region);
    if (parts.interface && parts.interface !== 'public') q.set('interface', parts.interface);
  }
  const query = q.toString();
  return `${parts.base.replace(/\/+$/, '')}${query ? `?${query}` : ''}`;
}

/** Problems with a Cinder URL's options, as sentences (the connection form maps them to its own keys). */
export function cinderUrlProblem(raw: string): 'unknownOption' | 'projectRequired' | 'interfaceInvalid' | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  for (const key of url.searchParams.keys()) {
    if (!(CINDER_URL_OPTIONS as readonly string[]).includes(key)) return 'unknownOption';
  }
  const parts = splitCinderUrl(raw)!;
  if (!parts.project) return 'projectRequired';
  if (parts.interface && !(CINDER_INTERFACES as readonly string[]).includes(parts.interface)) return 'interfaceInvalid';
  return undefined;
}

/** The URL to store for a Cinder connection (the Keystone scope rides in its query), or why it cannot be one. */
export function cinderUrl(raw: string): { url: string } | { problem: HttpUrlProblem | 'cinderUrl' } {
  const problem = httpUrlProblem(raw);
  if (problem) return { problem };
  // Without a project the adapter cannot scope its token.
  if (cinderUrlProblem(raw)) return { problem: 'cinderUrl' };
  return { url: raw.trim().replace(/\/+(\?|$)/, '$1') };
}

export function parseCinderSettings(raw: string): CinderSettings {
  const parts = splitCinderUrl(raw);
  if (!parts) throw new BackendError('invalid_input', 'The Cinder connection URL is not a valid URL.');
  const problem = cinderUrlProblem(raw);
  if (problem === 'unknownOption') {
    throw new BackendError('invalid_input', `Unknown option in the Cinder URL; allowed: ${CINDER_URL_OPTIONS.join(', ')}.`);
  }
  if (problem === 'projectRequired') {
    throw new BackendError('invalid_input', 'The Cinder URL needs the project: add ?project=<name> (or the project id in noauth mode).');
  }
  if (problem === 'interfaceInvalid') {
    throw new BackendError('invalid_input', `The endpoint interface must be one of ${CINDER_INTERFACES.join(', ')}.`);
  }
  if (parts.auth === 'noauth') {
    // Operators paste the endpoint with or without /v3[/project]: keep the root only.
    return { mode: 'noauth', endpointRoot: parts.base.replace(/\/v3(\/.*)?$/, ''), project: parts.project! };
  }
  const authUrl = /\/v3$/.test(parts.base) ? parts.base : `${parts.base}/v3`;
  return {
    mode: 'keystone',
    authUrl,
    project: parts.project!,
    userDomain: parts.userDomain ?? 'Default',
    projectDomain: parts.projectDomain ?? 'Default',
    region: parts.region,
    interface: (parts.interface as CinderInterface | undefined) ?? 'public',
  };
}
