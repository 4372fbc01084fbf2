'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import { concerns, isPushConnected, onPushedChanges, PUSHED_POLL_MS, subscribePushState, type PushedChangeKind } from '@/lib/query/push-state';

/**
 * Re-renders a server-rendered detail page every `ms` while the tab is
 * visible: its reads go through the shared server cache, and router.refresh
 * keeps scroll position and client state. With `watch`, the page's own object:
 * a pushed change of it re-renders the page at once (header, overview and all),
 * and while the change stream is connected the timer slows to PUSHED_POLL_MS.
 */
export function AutoRefresh({ ms = 10_000, watch }: { ms?: number; watch?: { kind: PushedChangeKind; id: string } }) {
  const router = useRouter();
  const pushed = useSyncExternalStore(subscribePushState, isPushConnected, () => false) && watch !== undefined;
  const every = pushed ? Math.max(ms, PUSHED_POLL_MS) : ms;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, every);
    return () => clearInterval(timer);
  }, [router, every]);
  const kind = watch?.kind;
  const id = watch?.id;
  useEffect(() => {
    if (!kind || !id) return;
    return onPushedChanges((changes) => {
      if (concerns(changes, kind, id)) router.refresh();
    });
  }, [router, kind, id]);
  return null;
}
