import 'server-only';
import { createBackend } from '@/lib/backends/factory';
import { isBackendError } from '@/lib/backends/errors';
import type { BackendConfig } from '@/lib/backends/config';
import { CONNECTION_KINDS, type ConnectionKind } from '@/lib/validations/connection';

// Placeholder settings that are valid for each kind: only the factory's own "not supported"
// answer should make a kind unsupported, never our sample values.
const PROBES: Record<ConnectionKind, Omit<BackendConfig, 'id' | 'name' | 'kind'>> = {
  ovirt: { url: 'https://engine.invalid', username: 'probe@internal', password: 'probe' },
  libvirt: { url: 'qemu+ssh://probe@host.invalid/system' },
  cinder: { url: 'https://keystone.invalid:5000/v3', username: 'probe', password: 'probe' },
};

let cached: Record<ConnectionKind, boolean> | undefined;

/**
 * Which kinds this build can really talk to. The factory is the one place that knows, so ask
 * it: build a backend from placeholder settings (no request is sent: adapters sign in lazily)
 * and close it again. A kind the factory refuses is shown in the form as not supported yet,
 * and the actions refuse to save or test it, instead of pretending.
 */
export function supportedKinds(): Record<ConnectionKind, boolean> {
  if (cached) return cached;
  const result = {} as Record<ConnectionKind, boolean>;
  for (const kind of CONNECTION_KINDS) {
    try {
      const backend = createBackend({ id: `probe-${kind}`, name: 'probe', kind, ...PROBES[kind] });
      void backend.close().catch(() => {});
      result[kind] = true;
    } catch (error) {
      if (!isBackendError(error, 'invalid_input')) throw error;
      result[kind] = false;
    }
  }
  cached = result;
  return result;
}

export function isKindSupported(kind: ConnectionKind): boolean {
  return supportedKinds()[kind];
}
