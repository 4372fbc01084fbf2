'use client';

import { useQuery } from '@tanstack/react-query';
import { Loader2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Badge } from '@/components/ui/card';
import type { Volume, VolumeState } from '@/lib/domain';
import type { VolumeSnapshot, VolumeSnapshotStatus } from '@/lib/domain/volumes';
import { isSnapshotMoving, isVolumeMoving, snapshotTone, volumeTone } from './status';

/** How often a moving volume is asked about; the server cache makes this cheap for the backend. */
const POLL_MS = 1_500;

/** The state in our words; a word the adapter could not place is shown as the service spells it. */
export function StatusWord({ state, nativeStatus }: { state: VolumeState | VolumeSnapshotStatus; nativeStatus: string }) {
  const t = useTranslations('volumes.status');
  return <>{state === 'unknown' ? nativeStatus : t(state)}</>;
}

/** Refreshes the server-rendered page once, when `settled` first turns true (or goes to `href`). */
function useRefreshWhen(settled: boolean, href?: string) {
  const router = useRouter();
  const refreshed = useRef(false);
  useEffect(() => {
    if (settled && !refreshed.current) {
      refreshed.current = true;
      if (href) router.push(href);
      else router.refresh();
    }
  }, [settled, href, router]);
}

/**
 * A volume's status, followed while it is moving (creating, extending,
 * retyping, deleting…): it shows each intermediate word Cinder reports and
 * refreshes the page once the volume settles or is gone, so sizes and
 * actions match the new state. Settled volumes are not polled.
 *
 * Keyed by the status the page rendered: after the next action the page
 * renders a new status, and answers polled before it (still in the shared
 * query cache) must not be taken for the new state.
 */
export function VolumeStatus({ id, state, nativeStatus, goneHref }: { id: string; state: VolumeState; nativeStatus: string; goneHref?: string }) {
  return <FollowedVolumeStatus key={nativeStatus} id={id} state={state} nativeStatus={nativeStatus} goneHref={goneHref} />;
}

/** `goneHref`: where to go once the volume is gone (its own page would only say "not found"). */
function FollowedVolumeStatus({ id, state, nativeStatus, goneHref }: { id: string; state: VolumeState; nativeStatus: string; goneHref?: string }) {
  const t = useTranslations('volumes');
  const [since] = useState(() => Date.now());
  const moving = isVolumeMoving(state);
  const query = useQuery({
    queryKey: ['volume', id],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/volumes/${encodeURIComponent(id)}`, { signal, cache: 'no-store' });
      if (res.status === 404) return { gone: true as const };
      if (!res.ok) throw new Error(String(res.status));
      return { gone: false as const, volume: (await res.json()) as Volume };
    },
    enabled: moving,
    refetchOnMount: 'always',
    refetchInterval: (q) => {
      const data = q.state.dataUpdatedAt >= since ? q.state.data : undefined;
      if (data?.gone) return false;
      return data && !isVolumeMoving(data.volume.state) ? false : POLL_MS;
    },
    staleTime: 0,
  });
  const data = query.data && query.dataUpdatedAt >= since ? query.data : undefined;
  const current = data && !data.gone ? { state: data.volume.state, nativeStatus: data.volume.nativeStatus } : { state, nativeStatus };
  useRefreshWhen(moving && data !== undefined && (data.gone || !isVolumeMoving(current.state)), data?.gone ? goneHref : undefined);

  if (data?.gone) return <Badge tone="neutral">{t('gone')}</Badge>;
  return (
    <span className="inline-flex items-center gap-1" data-testid="volume-status" data-status={current.state} title={current.nativeStatus}>
      <Badge tone={volumeTone(current.state)}>
        <StatusWord {...current} />
      </Badge>
      {isVolumeMoving(current.state) && <Loader2 className="size-3.5 animate-spin text-slate-400" aria-label={t('following')} />}
      {query.isError && <span className="text-xs text-amber-600">{t('pollFailed')}</span>}
    </span>
  );
}

/**
 * One snapshot's status, followed while it is being created, deleted or
 * restored. All rows of a volume share one polled read of its snapshots.
 */
export function SnapshotStatus({ volumeId, snapshotId, status, nativeStatus }: { volumeId: string; snapshotId: string; status: VolumeSnapshotStatus; nativeStatus: string }) {
  return <FollowedSnapshotStatus key={nativeStatus} volumeId={volumeId} snapshotId={snapshotId} status={status} nativeStatus={nativeStatus} />;
}

function FollowedSnapshotStatus({ volumeId, snapshotId, status, nativeStatus }: { volumeId: string; snapshotId: string; status: VolumeSnapshotStatus; nativeStatus: string }) {
  const t = useTranslations('volumes');
  const [since] = useState(() => Date.now());
  const moving = isSnapshotMoving(status);
  const query = useQuery({
    queryKey: ['volume-snapshots', volumeId],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/volumes/${encodeURIComponent(volumeId)}/snapshots`, { signal, cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      return (await res.json()) as VolumeSnapshot[];
    },
    enabled: moving,
    refetchOnMount: 'always',
    refetchInterval: (q) => {
      const rows = q.state.dataUpdatedAt >= since ? q.state.data : undefined;
      const mine = rows?.find((s) => s.id === snapshotId);
      return rows && (!mine || !isSnapshotMoving(mine.status)) ? false : POLL_MS;
    },
    staleTime: 0,
  });
  const rows = query.data && query.dataUpdatedAt >= since ? query.data : undefined;
  const mine = rows?.find((s) => s.id === snapshotId);
  const current = mine ? { state: mine.status, nativeStatus: mine.nativeStatus } : { state: status, nativeStatus };
  useRefreshWhen(moving && rows !== undefined && (!mine || !isSnapshotMoving(current.state)));

  if (rows && !mine) return <Badge tone="neutral">{t('gone')}</Badge>;
  return (
    <span className="inline-flex items-center gap-1" data-testid="snapshot-status" data-status={current.state} title={current.nativeStatus}>
      <Badge tone={snapshotTone(current.state)}>
        <StatusWord {...current} />
      </Badge>
      {isSnapshotMoving(current.state) && <Loader2 className="size-3.5 animate-spin text-slate-400" aria-label={t('following')} />}
    </span>
  );
}
