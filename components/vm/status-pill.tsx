'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';

const TONE: Record<string, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  running: 'good',
  up: 'good',
  ok: 'good',
  stopped: 'neutral',
  maintenance: 'warn',
  suspended: 'warn',
  paused: 'warn',
  locked: 'warn',
  in_preview: 'info',
  error: 'bad',
  non_responsive: 'bad',
  non_operational: 'bad',
};

/** The common status word, with the backend's own word when it says more ("powering_up"). */
export function StatusPill({ status, native, busy }: { status: string; native?: string; busy?: boolean }) {
  const t = useTranslations('vmActions');
  return (
    <span className="inline-flex items-center gap-2" data-testid="live-status" data-status={status} data-native={native}>
      <Badge tone={busy ? 'info' : (TONE[status] ?? 'neutral')}>
        {busy && <span aria-hidden className="mr-1 inline-block size-2 animate-pulse rounded-full bg-current" />}
        {t.has(`status.${status}`) ? t(`status.${status}`) : status}
      </Badge>
      {native && native !== status && <span className="font-mono text-xs text-slate-500">{native}</span>}
    </span>
  );
}
