'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition, type FormEvent } from 'react';
import { Card } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/field';
import { EVENT_SEVERITIES } from '@/lib/domain/status';
import { EVENT_LIMITS, EVENT_WINDOWS, eventSearch, type EventParams } from '@/lib/inventory/list-url';
import { useUrlState } from '@/components/list/url-state';
import { EventRows } from './event-rows';
import { ListFrame } from '@/components/list/list-frame';
import { useInventory } from '@/components/list/use-inventory';

/** The events page: newest first, filtered by minimum severity, object and time; refreshed live. */
export function EventsLive() {
  const t = useTranslations('events');
  const ts = useTranslations('inventory.statuses.severity');
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const params = useUrlState<EventParams>();
  const search = eventSearch(params);
  const { data, isFetching, error, connectionOf } = useInventory('events', search);
  const [object, setObject] = useState(params.object ?? '');
  const [seen, setSeen] = useState(params.object);
  if (seen !== params.object) {
    setSeen(params.object);
    setObject(params.object ?? '');
  }
  const update = (patch: Partial<EventParams>) => {
    const next = eventSearch(params, patch);
    startTransition(() => router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ object: object.trim() || undefined });
  };
  const connections = data?.connections ?? [];

  return (
    <ListFrame
      toolbar={
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <form role="search" onSubmit={submit} className="flex min-w-64 flex-[2] gap-2">
            <Input name="object" value={object} onChange={(e) => setObject(e.target.value)} placeholder={t('object')} aria-label={t('object')} maxLength={200} />
            <button type="submit" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {t('filter')}
            </button>
          </form>
          <Select name="severity" aria-label={t('severity')} value={params.severity ?? ''} onChange={(e) => update({ severity: (e.target.value || undefined) as EventParams['severity'] })} className="w-auto!">
            <option value="">{t('anySeverity')}</option>
            {EVENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t('atLeast', { severity: ts(s) })}
              </option>
            ))}
          </Select>
          <Select name="since" aria-label={t('since')} value={params.since ?? ''} onChange={(e) => update({ since: (e.target.value || undefined) as EventParams['since'] })} className="w-auto!">
            <option value="">{t('anyTime')}</option>
            {EVENT_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`windows.${w}`)}
              </option>
            ))}
          </Select>
          {connections.length > 1 && (
            <Select name="connection" aria-label={t('connection')} value={params.connection ?? ''} onChange={(e) => update({ connection: e.target.value || undefined })} className="w-auto!">
              <option value="">{t('allConnections')}</option>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          )}
          <Select name="max" aria-label={t('max')} value={String(params.max)} onChange={(e) => update({ max: Number(e.target.value) as EventParams['max'] })} className="w-auto!">
            {EVENT_LIMITS.map((m) => (
              <option key={m} value={m}>
                {t('newest', { count: m })}
              </option>
            ))}
          </Select>
        </div>
      }
      failures={data?.failures ?? []}
      fetchedAt={data?.fetchedAt}
      fetching={isFetching || pending}
      error={error}
      status={t('shown', { count: data?.items.length ?? 0 })}
    >
      <Card className="px-5 py-2">
        {data && data.items.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : (
          <EventRows events={data?.items ?? []} connectionName={connections.length > 1 ? (id) => connectionOf(id)?.name : undefined} />
        )}
      </Card>
    </ListFrame>
  );
}
