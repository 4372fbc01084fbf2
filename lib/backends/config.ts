import { z } from 'zod';
import { BACKEND_KINDS, isValidConnectionId } from '@/lib/domain';
import type { BackendKind } from './types';

/**
 * A connection as stored (by the connections admin page) and handed to
 * createBackend. Plain data only; runtime hooks go in BackendRuntimeOptions.
 */
export const backendConfigSchema = z.object({
  id: z.string().refine(isValidConnectionId, 'A connection id must be non-empty and contain no ":".'),
  kind: z.enum(BACKEND_KINDS),
  name: z.string().min(1),
  url: z.string().min(1),
  username: z.string().optional(),
  password: z.string().optional(),
  /** PEM, for engines signed by a private CA (the usual oVirt setup). */
  caCert: z.string().optional(),
  /** Explicit opt-out of certificate checks, for labs. */
  insecureSkipVerify: z.boolean().optional(),
  /** oVirt `Filter: true`: set for non-admin (self-service) identities. */
  filter: z.boolean().optional(),
  /** libvirt qemu+tls: PEM client certificate and its private key (libvirtd checks them). */
  clientCert: z.string().optional(),
  clientKey: z.string().optional(),
  /** libvirt qemu+ssh: PEM private key, when the server's own ssh keys are not to be used. */
  sshKey: z.string().optional(),
  /**
   * libvirt: the key (base64, as in a Ceph keyring) of the Ceph user that block storage volumes
   * name; the adapter puts it into the host's libvirt secret when it attaches an rbd volume.
   */
  cephKey: z.string().optional(),
  /** oVirt: the port of the engine's serial console proxy (ovirt-vmconsole-proxy); absent = 2222. */
  serialConsolePort: z.number().int().min(1).max(65535).optional(),
});
export type BackendConfig = z.infer<typeof backendConfigSchema>;

/** One line per HTTP exchange, secrets already masked. */
export interface RequestLogEntry {
  connectionId: string;
  method: string;
  /** Path and query, never credentials. */
  url: string;
  status?: number;
  durationMs: number;
  attempt: number;
  correlationId?: string;
  error?: string;
}

export interface RequestInfo {
  connectionId: string;
  method: string;
  /** Path and query. */
  url: string;
  /** 1 for the first try, 2+ for retries. */
  attempt: number;
  /** 'auth' for sign-in/out requests, 'api' for the rest. */
  purpose: 'api' | 'auth';
}

/** Runtime hooks and tunables; not stored with the connection. */
export interface BackendRuntimeOptions {
  /** Called just before each HTTP request is sent: tests count requests with it. */
  onRequest?: (info: RequestInfo) => void;
  log?: (entry: RequestLogEntry) => void;
  timeouts?: { connectMs?: number; requestMs?: number };
  retry?: { maxRetries?: number; backoffMs?: number };
  /** Where an adapter that opens SSH consoles keeps its key and the hosts' keys (the dashboard's database). */
  consoleSsh?: ConsoleSshStore;
}

/**
 * The SSH identity of a connection's consoles, kept by the dashboard (lib/services/console-ssh.ts):
 * one key pair per connection, made on first use, and each console host's key as first seen.
 */
export interface ConsoleSshStore {
  /** The connection's private key (PEM); made and stored (encrypted) on the first call. */
  privateKey(connectionId: string): Promise<string>;
  /**
   * Trust on first use: records `hostKey` ("type base64") for `address` ("host:port") when none is
   * recorded for it yet, and answers the key that was recorded before (undefined on first use).
   */
  trustHostKey(connectionId: string, address: string, hostKey: string): Promise<{ recorded?: string }>;
}

// The schema and the BackendKind type must name the same kinds.
type SameKinds = [BackendConfig['kind']] extends [BackendKind]
  ? [BackendKind] extends [BackendConfig['kind']]
    ? true
    : never
  : never;
const kindsMatch: SameKinds = true;
void kindsMatch;
