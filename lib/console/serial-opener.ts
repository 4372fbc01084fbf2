// How the relay reaches a VM's serial console. The stream comes from the connection's live Backend
// (lib/services/connections, server-only, loaded in Next's bundles), while the relay runs in the
// custom server (scripts/server.ts): one Node process, two copies of every module. So, like
// ./revocations, the opener lives on globalThis under a registered symbol: lib/console/service.ts
// registers it when Next loads it (before any serial ticket can exist, since only that module
// issues them), and the relay looks it up when a serial ticket is redeemed.
import type { SerialConsoleStream } from '@/lib/backends/types';

export interface SerialTarget {
  connectionId: string;
  /** Qualified VM id, as checked when the ticket was issued. */
  vmId: string;
}

export type SerialConsoleOpener = (target: SerialTarget, signal: AbortSignal) => Promise<SerialConsoleStream>;

const KEY = Symbol.for('virtdash.console.serialOpener');
type WithOpener = typeof globalThis & { [KEY]?: SerialConsoleOpener };

export function registerSerialConsoleOpener(opener: SerialConsoleOpener): void {
  (globalThis as WithOpener)[KEY] = opener;
}

/** The registered opener; undefined until the dashboard's server code has loaded. */
export function serialConsoleOpener(): SerialConsoleOpener | undefined {
  return (globalThis as WithOpener)[KEY];
}
