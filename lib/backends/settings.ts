import type { BackendKind } from '@/lib/domain/backend-kinds';
import { cinderUrl } from './cinder/settings';
import { libvirtUrl } from './libvirt/settings';
import { ovirtUrl } from './ovirt/settings';

export { normaliseEngineUrl } from './ovirt/settings';

/**
 * Each adapter's own reading of the URL a connection stores, by kind, so that the connection
 * form's schema (lib/validations) asks the backends layer without reaching into an adapter folder.
 * Answers the URL to store, or a problem word the form translates.
 */
export type UrlProblem = 'urlInvalid' | 'urlScheme' | 'urlCredentials' | 'cinderUrl';
export type UrlCheck = { url: string } | { problem: UrlProblem };

const URL_SETTINGS: Record<BackendKind, (raw: string) => UrlCheck> = {
  ovirt: ovirtUrl,
  libvirt: libvirtUrl,
  cinder: cinderUrl,
};

export function settingsUrl(kind: BackendKind, raw: string): UrlCheck {
  return URL_SETTINGS[kind](raw);
}
