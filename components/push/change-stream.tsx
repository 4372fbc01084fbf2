'use client';

import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { emitPushedChanges, isPushConnected, setPushConnected, type PushedChangeKind, type PushedChanges } from '@/lib/query/push-state';
import type { InventoryResource } from '@/lib/inventory/resources';

/**
 * This tab's one stream of changes (/api/changes, Server-Sent Events). Each change invalidates the
 * React Query reads that show it (lists, the overview, a VM's or host's live state, the portal),
 * so they all re-read at once and agree; server-rendered detail pages re-render through
 * AutoRefresh, which listens here too. While the stream is down, polling runs at its own pace.
 */
const LISTS_OF: Record<PushedChangeKind, InventoryResource[]> = {
  vm: ['vms', 'overview'],
  host: ['hosts', 'overview'],
  cluster: ['clusters'],
  dataCenter: ['dataCenters', 'overview'],
  storageDomain: ['storageDomains', 'overview'],
  template: ['templates'],
  network: ['networks'],
  volume: ['volumes'],
  task: ['tasks'],
  event: ['events', 'overview'],
};

/** The keys of one object's own live reads (components/vm/live-state.ts, volumes, portal). */
function objectKeys(kind: PushedChangeKind, ids: string[]): QueryKey[] {
  const each = (prefix: QueryKey) => (ids.length ? ids.map((id) => [...prefix, id]) : [prefix]);
  switch (kind) {
    case 'vm':
      return [...each(['vm-ops', 'vm']), ...each(['vm-ops', 'snapshots']), ['vm-ops', 'vm-by-name'], ['portal']];
    case 'host':
      return each(['vm-ops', 'host']);
    case 'template':
      return each(['vm-ops', 'template']);
    case 'volume':
      return [...each(['volume']), ['portal']];
    default:
      return [];
  }
}

export function applyPushedChanges(client: QueryClient, pushed: PushedChanges): void {
  if (pushed.everything) {
    void client.invalidateQueries();
    return;
  }
  const keys: QueryKey[] = [];
  for (const { kind, ids } of pushed.changes) {
    for (const resource of LISTS_OF[kind] ?? []) keys.push(['inventory', resource]);
    keys.push(...objectKeys(kind, ids));
  }
  for (const queryKey of keys) void client.invalidateQueries({ queryKey });
}

export function ChangeStream() {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/changes');
    source.addEventListener('ready', () => {
      // (Re)connected: changes may have been missed while the stream was down.
      const wasUp = setPushConnectedAndTell(true);
      if (!wasUp) void client.invalidateQueries();
    });
    source.addEventListener('changes', (message) => {
      let pushed: PushedChanges;
      try {
        pushed = JSON.parse((message as MessageEvent<string>).data) as PushedChanges;
      } catch {
        return;
      }
      if (!Array.isArray(pushed.changes)) return;
      applyPushedChanges(client, pushed);
      emitPushedChanges(pushed);
    });
    source.onerror = () => {
      // EventSource retries by itself; meanwhile the polls go back to their own pace, from now.
      if (setPushConnectedAndTell(false)) void client.invalidateQueries();
    };
    return () => {
      source.close();
      setPushConnectedAndTell(false);
    };
  }, [client]);
  return null;
}

/** Sets the state (also on <html data-push>, for tests and the benchmark's browsers); returns what it was. */
function setPushConnectedAndTell(value: boolean): boolean {
  const before = isPushConnected();
  setPushConnected(value);
  document.documentElement.dataset.push = value ? 'connected' : 'polling';
  return before;
}
