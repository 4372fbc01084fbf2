import 'server-only';
import type { BackendError } from '../errors';
import type { ChangeBatch } from '../change-types';
import type { EventLog } from './events';
import type { LibvirtTransport } from './transport';

/**
 * libvirt pushes: the connection is subscribed to every domain's lifecycle events
 * (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY when it opens), so following changes costs no call
 * at all. Each event names its domain. While the connection is down nothing arrives, so losing it
 * ends the feed with an error: the caller starts again, which reconnects and says "everything".
 */
export async function followChanges(
  transport: LibvirtTransport,
  events: EventLog,
  onChanges: (batch: ChangeBatch) => void,
  { signal }: { signal: AbortSignal },
): Promise<void> {
  if (signal.aborted) return;
  await transport.ready(signal);
  onChanges({ changes: [], everything: true });
  await new Promise<void>((resolve, reject) => {
    const unwatch = events.watch((event) =>
      // A lifecycle event changes the VM, the host's running count, and the events list.
      onChanges({ changes: [...(event.vm ? [{ kind: 'vm' as const, ids: [event.vm.id] }] : []), { kind: 'host', ids: [] }, { kind: 'event', ids: [] }] }),
    );
    const unwatchDrop = transport.onDisconnect((error) => finish(error));
    const onAbort = () => finish();
    signal.addEventListener('abort', onAbort, { once: true });
    function finish(error?: BackendError) {
      unwatch();
      unwatchDrop();
      signal.removeEventListener('abort', onAbort);
      if (error && !signal.aborted) reject(error);
      else resolve();
    }
  });
}
