import 'server-only';
import { qualifyId, type Ref } from '@/lib/domain';
import type { CallOptions } from '../types';
import { connectGetHostname } from './rpc';
import type { DomainFacts } from './transform';
import type { LibvirtTransport } from './transport';
import { displayHost, type LibvirtTarget } from './uri';

export interface CachedDomain {
  facts: DomainFacts;
  /** The state when the XML was read: a state change (ports, devices) means read it again. */
  state: number;
  at: number;
}

/** What every resource function of one connection shares. */
export interface LibvirtContext {
  transport: LibvirtTransport;
  connectionId: string;
  target: LibvirtTarget;
  username: string;
  /** Domain XML by UUID: configuration changes far less often than the list is polled. */
  domains: Map<string, CachedDomain>;
  /** Re-read a cached domain XML after this long even when its state did not change (edits made elsewhere). */
  domainXmlTtlMs: number;
  /** False once the daemon said it has no bulk stats (old daemons, some drivers). */
  bulkStats?: boolean;
  hostname?: string;
  /** The Ceph user's key stored (sealed) on the connection, for rbd volumes' libvirt secret. */
  cephKey?: string;
  /** Migrations started here, by native task id (libvirt lists no finished jobs). */
  migrations: Map<string, import('./migration').MigrationJob>;
  /** Adds an event of the adapter's own to the connection's event feed. */
  note: (dom: import('./protocol').DomainHandle, severity: import('@/lib/domain').EventSeverity, description: string) => void;
  /** A second connection to the same daemon, for one call that waits long (a migration). */
  openTransport: (requestMs: number) => LibvirtTransport;
  /** Upload sessions (ISO upload into a pool), by native transfer id. */
  uploads: Map<string, UploadSession>;
}

export interface UploadSession {
  vol: import('./protocol').VolHandle;
  poolId: string;
  sizeBytes: number;
  received: number;
  phase: 'transferring' | 'finished' | 'failed' | 'cancelled';
  /** When finalize ended it (ms since the epoch): the session is kept a while for the client's last poll. */
  endedAt?: number;
}

/** The daemon's host name (cached: it names the single host of this connection). */
export async function hostRef(ctx: LibvirtContext, opts?: CallOptions): Promise<Ref> {
  if (!ctx.hostname) {
    try {
      ctx.hostname = await connectGetHostname(ctx.transport, opts?.signal);
    } catch {
      ctx.hostname = displayHost(ctx.target);
    }
  }
  return { id: qualifyId(ctx.connectionId, ctx.hostname), name: ctx.hostname };
}
