/**
 * How an oVirt connection's URL is read and stored. Operators paste `https://engine`,
 * `https://engine/ovirt-engine` or `https://engine/ovirt-engine/api` (with or without a trailing
 * slash); all are stored as the engine base `https://engine` (keeping any reverse-proxy prefix),
 * the same reading as ./endpoints.ts.
 */

import { httpUrlProblem, parseUrl, type HttpUrlProblem } from '../url-checks';

/** The engine base to store, or undefined for a URL that is not http(s). */
export function normaliseEngineUrl(input: string): string | undefined {
  const url = parseUrl(input.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  const base = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '').replace(/\/ovirt-engine$/, '').replace(/\/+$/, '');
  return `${url.origin}${base}`;
}

/** The URL to store for an oVirt connection, or why it cannot be one. */
export function ovirtUrl(raw: string): { url: string } | { problem: HttpUrlProblem } {
  const problem = httpUrlProblem(raw);
  if (problem) return { problem };
  // The engine's API takes no options in its URL.
  if (parseUrl(raw)!.search) return { problem: 'urlInvalid' };
  return { url: normaliseEngineUrl(raw)! };
}
