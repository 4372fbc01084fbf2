'use client';

import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { coveredKinds, emitPushedChanges, isPushConnected, noteChanges, setCoveredKinds, setPushConnected, type PushedChangeKind, type PushedChanges } from '@/lib/query/push-state';
import type { InventoryResource } from '@/lib/inventory/resources';

/**
 * This tab's one stream of changes (/api/changes, Server-Sent Events). Each change invalidates the
 * React Query reads that show it (lists, the overview, a VM's or host's live state, the portal),
 * so they all re-read at once and agree; server-rendered detail pages re-render through
 * AutoRefresh, which listens here too. The stream also says which kinds the live feeds cover
 * (`feeds`): a poll stretches only while all it shows is covered (lib/query/push-state.ts), and when
 * a feed goes down every poll is run again now, so each plans its next at its own pace. While the
 * stream is down, polling runs at its own pace.
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

/**
 * ONE stream per browser, not per tab: over HTTP/1.1 a browser keeps at most six connections to a
 * site, and an open stream holds one for good, so a stream per tab would leave the seventh tab
 * unable to load anything. The tab that holds the Web Lock LOCK opens the stream and passes what it
 * hears to the others over a BroadcastChannel; when it closes, the lock passes to another tab,
 * which opens the stream. Where Web Locks are missing (a plain-http site that is not localhost is
 * not a secure context), each tab holds its own stream while it is visible.
 */
const LOCK = 'virtdash-change-stream';
const CHANNEL = 'virtdash-changes';

type TabMessage =
  | { type: 'changes'; pushed: PushedChanges }
  | { type: 'state'; connected: boolean }
  | { type: 'feeds'; kinds: string[] }
  | { type: 'hello' };

export function ChangeStream() {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);
    let leading = false;
    const onState = (connected: boolean) => {
      const was = setPushConnectedAndTell(connected);
      // Connected again: changes may have been missed meanwhile. Dropped: polls resume their pace from now.
      if (was !== connected) void client.invalidateQueries();
    };
    const onChanges = (pushed: PushedChanges) => {
      if (!Array.isArray(pushed?.changes)) return;
      // First what it names (its polls keep their pace for a while), then the re-reads, which plan their next poll by it.
      noteChanges(pushed);
      applyPushedChanges(client, pushed);
      emitPushedChanges(pushed);
    };
    const onFeeds = (kinds: unknown) => {
      if (!Array.isArray(kinds)) return;
      // A feed went down: run every poll now; each then plans its next at its own pace (and a
      // failing backend shows at once instead of after the stretched wait under way).
      const lost = setCoveredKinds(kinds.filter((k): k is string => typeof k === 'string'));
      tellCoverage();
      if (lost) void client.invalidateQueries();
    };
    if (channel) {
      channel.onmessage = (event: MessageEvent<TabMessage>) => {
        const m = event.data;
        if (m.type === 'changes' && !leading) onChanges(m.pushed);
        else if (m.type === 'state' && !leading) onState(m.connected);
        else if (m.type === 'feeds' && !leading) onFeeds(m.kinds);
        else if (m.type === 'hello' && leading) {
          channel.postMessage({ type: 'state', connected: isPushConnected() } satisfies TabMessage);
          channel.postMessage({ type: 'feeds', kinds: coveredKinds() } satisfies TabMessage);
        }
      };
    }

    /** Opens this tab's stream; returns its closer. */
    const openStream = () => {
      const source = new EventSource('/api/changes');
      source.addEventListener('ready', () => {
        onState(true);
        channel?.postMessage({ type: 'state', connected: true } satisfies TabMessage);
      });
      source.addEventListener('feeds', (message) => {
        let kinds: unknown;
        try {
          kinds = (JSON.parse((message as MessageEvent<string>).data) as { kinds?: unknown }).kinds;
        } catch {
          return;
        }
        onFeeds(kinds);
        if (Array.isArray(kinds)) channel?.postMessage({ type: 'feeds', kinds: kinds.filter((k): k is string => typeof k === 'string') } satisfies TabMessage);
      });
      source.addEventListener('changes', (message) => {
        let pushed: PushedChanges;
        try {
          pushed = JSON.parse((message as MessageEvent<string>).data) as PushedChanges;
        } catch {
          return;
        }
        onChanges(pushed);
        channel?.postMessage({ type: 'changes', pushed } satisfies TabMessage);
      });
      // EventSource retries by itself (the server says after 3 s); meanwhile the pages poll.
      source.onerror = () => {
        onState(false);
        channel?.postMessage({ type: 'state', connected: false } satisfies TabMessage);
      };
      return () => source.close();
    };

    let closeStream: (() => void) | undefined;
    const released = new AbortController();
    if (typeof navigator !== 'undefined' && navigator.locks && channel) {
      // Ask the leader (if any) where the stream stands, then wait in line to lead.
      channel.postMessage({ type: 'hello' } satisfies TabMessage);
      navigator.locks
        .request(LOCK, { signal: released.signal }, () => {
          leading = true;
          // Taking over from a tab that went: until this stream is up, every tab polls (and re-reads once it is).
          onState(false);
          channel.postMessage({ type: 'state', connected: false } satisfies TabMessage);
          closeStream = openStream();
          return new Promise<void>((resolve) => released.signal.addEventListener('abort', () => resolve(), { once: true }));
        })
        .catch(() => {});
    } else {
      const follow = () => {
        if (document.visibilityState === 'visible') closeStream ??= openStream();
        else {
          closeStream?.();
          closeStream = undefined;
          onState(false);
        }
      };
      follow();
      document.addEventListener('visibilitychange', follow);
      released.signal.addEventListener('abort', () => document.removeEventListener('visibilitychange', follow), { once: true });
    }
    return () => {
      released.abort();
      closeStream?.();
      if (leading) channel?.postMessage({ type: 'state', connected: false } satisfies TabMessage);
      channel?.close();
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
  tellCoverage();
  return before;
}

/** The kinds covered now, on <html data-push-covers> (space-separated), for tests and the benchmark. */
function tellCoverage(): void {
  document.documentElement.dataset.pushCovers = coveredKinds().sort().join(' ');
}
