'use client';

import { useLocale } from 'next-intl';
import type { Event } from '@/lib/domain';
import type { Wire } from '@/lib/inventory/wire';
import { formatDateTime } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';

/** Events as a compact list: time, severity, the engine's own description. */
export function EventRows({ events, compact, connectionName }: { events: Wire<Event>[]; compact?: boolean; connectionName?: (id: string) => string | undefined }) {
  const locale = useLocale();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="event-list">
      {events.map((e) => (
        <li key={e.id} className="flex gap-3 py-2 text-sm" data-testid="event-row" data-severity={e.severity}>
          <div className="w-20 shrink-0">
            <StatusBadge kind="severity" status={e.severity} />
          </div>
          <div className="min-w-0 flex-1">
            <p className={compact ? 'line-clamp-2' : undefined}>{e.description}</p>
            <p className="text-xs text-slate-500 dark:text-slate-400" suppressHydrationWarning>
              {formatDateTime(e.time, locale)}
              {connectionName && ` · ${connectionName(e.connectionId) ?? ''}`}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
