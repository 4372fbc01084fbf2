'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import { concerns, onPushedChanges, pollInterval, pushStateVersion, subscribePushState, type PushedChangeKind } from '@/lib/query/push-state';

/**
 * Re-renders a server-rendered detail page every `ms` while the tab is visible: its reads go
 * through the shared server cache, and router.refresh keeps scroll position and client state.
 * With `watch`, the page's own object: a pushed change of it re-renders the page at once (header,
 * overview and all). With `shows`, every kind of object the page shows: only then may the timer
 * stretch, and only while push covers all of them and no change named the object lately
 * (lib/query/push-state.ts pollInterval); a page showing anything else keeps its pace.
 */
export function AutoRefresh({ ms = 10_000, watch, shows }: { ms?: number; watch?: { kind: PushedChangeKind; id: string }; shows?: readonly PushedChangeKind[] }) {
  const router = useRouter();
  // Re-planned whenever the stream connects or drops or the feeds' coverage changes.
  const version = useSyncExternalStore(subscribePushState, pushStateVersion, () => 0);
  const kind = watch?.kind;
  const id = watch?.id;
  const kinds = shows?.join(',');
  useEffect(() => {
    const what = kinds ? { kinds: kinds.split(',') as PushedChangeKind[], id } : undefined;
    let timer: ReturnType<typeof setTimeout>;
    // Each wait is decided when it starts: a change that named the object lately keeps today's pace.
    const plan = () => {
      timer = setTimeout(() => {
        if (document.visibilityState === 'visible') router.refresh();
        plan();
      }, pollInterval(ms, what));
    };
    plan();
    const off = onPushedChanges((changes) => {
      if (!kind || !id || !concerns(changes, kind, id)) return;
      router.refresh();
      // From now on at today's pace (the change is recent): not after the stretched wait under way.
      clearTimeout(timer);
      plan();
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [router, ms, kind, id, kinds, version]);
  return null;
}
