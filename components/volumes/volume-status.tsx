'use client';

import { useQuery } from '@tanstack/react-query';
import { Loader2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { Badge } from '@/components/ui/card';
import type { Volume } from '@/lib/domain';
import { KNOWN_STATUSES, isVolumeTransient, volumeTone } from './status';

/** How often a moving volume is asked about; the server cache makes this cheap for the backend. */
const POLL_MS = 1_500;

export function StatusWord({ nativeStatus }: { nativeStatus: string }) {
  const t = useTranslations('volumes.status');
  const known = (KNOWN_STATUSES as readonly string[]).includes(nativeStatus);
  return <>{known ? t(nativeStatus.replace(/-/g, '_')) : nativeStatus}</>;
}

/**
 * A volume's status, followed while it is moving (creating, extending,
 * retyping, deleting…): it shows each intermediate word Cinder reports and
 * refreshes the page once the volume settles or is gone, so sizes and
 * actions match the new state. Settled volumes are not polled.
 */
export function VolumeStatus({ id, nativeStatus }: { id: string; nativeStatus: string }) {
  const router = useRouter();
  const t = useTranslations('volumes');
  const moving = isVolumeTransient(nativeStatus);
  const query = useQuery({
    queryKey: ['volume', id],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/volumes/${encodeURIComponent(id)}`, { signal, cache: 'no-store' });
      if (res.status === 404) return { gone: true as const };
      if (!res.ok) throw new Error(String(res.status));
      return { gone: false as const, volume: (await res.json()) as Volume };
    },
    enabled: moving,
    refetchInterval: (q) => {
      const data = q.state.data;
      if (data?.gone) return false;
      return data && !isVolumeTransient(data.volume.nativeStatus) ? false : POLL_MS;
    },
    staleTime: 0,
  });
  const current = query.data && !query.data.gone ? query.data.volume.nativeStatus : nativeStatus;
  const settled = moving && query.data !== undefined && (query.data.gone || !isVolumeTransient(current));
  const refreshed = useRef(false);
  useEffect(() => {
    if (settled && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [settled, router]);

  if (query.data?.gone) return <Badge tone="neutral">{t('gone')}</Badge>;
  return (
    <span className="inline-flex items-center gap-1" data-testid="volume-status" data-status={current}>
      <Badge tone={volumeTone(current)}>
        <StatusWord nativeStatus={current} />
      </Badge>
      {isVolumeTransient(current) && <Loader2 className="size-3.5 animate-spin text-slate-400" aria-label={t('following')} />}
      {query.isError && <span className="text-xs text-amber-600">{t('pollFailed')}</span>}
    </span>
  );
}
