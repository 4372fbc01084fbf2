import 'server-only';
import { backendConfigSchema, type BackendConfig, type BackendRuntimeOptions } from './config';
import { BackendError } from './errors';
import { createCinderBackend } from './cinder/backend';
import { createLibvirtBackend } from './libvirt/backend';
import { createOvirtBackend } from './ovirt/backend';
import type { Backend } from './types';

/**
 * The one place that knows which adapter serves which kind. Validates the
 * stored config first, so a bad connection fails with invalid_input, not a
 * TypeError deep in a transport.
 */
export function createBackend(config: BackendConfig, runtime: BackendRuntimeOptions = {}): Backend {
  const parsed = backendConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new BackendError('invalid_input', 'The connection settings are not valid.', { detail: issues });
  }
  const valid = parsed.data;
  switch (valid.kind) {
    case 'ovirt':
      return createOvirtBackend(valid, runtime);
    case 'cinder':
      return createCinderBackend(valid, runtime);
    case 'libvirt':
      return createLibvirtBackend(valid, runtime);
  }
}
