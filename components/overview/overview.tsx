'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { Wire } from '@/lib/inventory/wire';
import type { ComputeCapacity, ConnectionOverview, OverviewSummary, Tally } from '@/lib/inventory/types';
import { Ring, StatusStrip, UsageBar } from './charts';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes, formatNumber } from '@/components/ui/format';
import { LiveIndicator } from '@/components/list/live-indicator';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import { EventRows } from '@/components/events/event-rows';
import { TaskRows } from '@/components/tasks/task-rows';
import { useInventory } from '@/components/list/use-inventory';

const VM_COLOURS: Record<string, string> = {
  running: 'bg-emerald-500',
  stopped: 'bg-slate-400',
  paused: 'bg-amber-500',
  suspended: 'bg-amber-400',
  migrating: 'bg-sky-500',
  starting: 'bg-sky-400',
  stopping: 'bg-sky-300',
  error: 'bg-red-500',
};
const HOST_COLOURS: Record<string, string> = {
  up: 'bg-emerald-500',
  maintenance: 'bg-amber-500',
  transitioning: 'bg-sky-500',
  installing: 'bg-sky-400',
  down: 'bg-slate-400',
  non_responsive: 'bg-red-500',
  non_operational: 'bg-red-400',
  error: 'bg-red-600',
};

/**
 * The overview, polled. Until the first poll answers it shows `children`: the server's streamed
 * sections, each connection behind its own Suspense boundary (OverviewStream), so a connection
 * that never answers holds back only its own section.
 */
export function OverviewLive({ children }: { children?: ReactNode }) {
  const t = useTranslations('overview');
  const { data, isFetching, error } = useInventory('overview', '');
  if (!data) return children ?? <p className="text-sm text-slate-500">{t('loading')}</p>;
  return (
    <div className="space-y-6">
      <div className="flex justify-end">
        <LiveIndicator fetchedAt={data.fetchedAt} fetching={isFetching} error={error} />
      </div>
      <ConnectionFailures failures={data.unreachable} />
      {data.reachable.map((c) => (
        <ConnectionCard key={c.connection.id} overview={c} />
      ))}
      <ActivityCards data={data} />
    </div>
  );
}

/** The newest events and the running tasks of every connection, with the connections that could not say. */
export function ActivityCards({ data }: { data: Pick<Wire<OverviewSummary>, 'events' | 'eventFailures' | 'runningTasks' | 'taskFailures'> }) {
  const t = useTranslations('overview');
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ActivityCard title={t('recentEvents')} href="/events" linkLabel={t('allEvents')} failures={data.eventFailures}>
        <EventRows events={data.events} compact />
      </ActivityCard>
      <ActivityCard title={t('runningTasks')} href="/tasks" linkLabel={t('allTasks')} failures={data.taskFailures}>
        {data.runningTasks.length === 0 ? <p className="text-sm text-slate-500">{t('noRunningTasks')}</p> : <TaskRows tasks={data.runningTasks} />}
      </ActivityCard>
    </div>
  );
}

function ActivityCard({ title, href, linkLabel, failures, children }: { title: string; href: string; linkLabel: string; failures: Wire<OverviewSummary>['eventFailures']; children: ReactNode }) {
  return (
    <Card className="p-5">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        <Link href={href} className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          {linkLabel}
        </Link>
      </div>
      <ConnectionFailures failures={failures} />
      {children}
    </Card>
  );
}

function Count({ label, tally, href, up }: { label: string; tally?: Wire<Tally>; href: string; up?: number }) {
  const t = useTranslations('overview');
  if (!tally) return null;
  return (
    <Link href={href} className="rounded-md border border-slate-200 px-3 py-2 hover:border-brand-500 dark:border-slate-800" data-testid={`count-${href.slice(1)}`}>
      <p className="text-xs text-slate-500 dark:text-slate-400">{label}</p>
      <p className="text-xl font-semibold tabular-nums">
        {tally.total}
        {tally.truncated && '+'}
      </p>
      {up !== undefined && <p className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{t('upCount', { count: up })}</p>}
    </Link>
  );
}

export function ConnectionCard({ overview: o }: { overview: Wire<ConnectionOverview> }) {
  const t = useTranslations('overview');
  const ts = useTranslations('inventory.statuses');
  const strip = (tally: Wire<Tally> | undefined, kind: 'vm' | 'host', colours: Record<string, string>) =>
    Object.entries(tally?.byStatus ?? {}).map(([status, count]) => ({
      key: status,
      count: count ?? 0,
      label: `${ts.has(`${kind}.${status}`) ? ts(`${kind}.${status}`) : status} ${count}`,
      className: colours[status] ?? 'bg-slate-300',
    }));
  const storageDomains = Object.values(o.storageKinds ?? {}).reduce((s, n) => s + (n ?? 0), 0);
  return (
    <Card className="p-5" data-testid="connection-overview">
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">{o.connection.name}</h2>
        {o.connection.simulated && <SimulatedBadge />}
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <Count label={t('dataCenters')} tally={o.dataCenters} href="/datacenters" up={o.dataCenters?.byStatus.up} />
        <Count label={t('clusters')} tally={o.clusters} href="/clusters" />
        <Count label={t('hosts')} tally={o.hosts} href="/hosts" up={o.hosts?.byStatus.up ?? 0} />
        <Count label={t('vms')} tally={o.vms} href="/vms" up={undefined} />
        {o.storageKinds && (
          <Link href="/storage" className="rounded-md border border-slate-200 px-3 py-2 hover:border-brand-500 dark:border-slate-800" data-testid="count-storage">
            <p className="text-xs text-slate-500 dark:text-slate-400">{t('storageDomains')}</p>
            <p className="text-xl font-semibold tabular-nums">{storageDomains}</p>
          </Link>
        )}
        {o.vms && (
          <div className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
            <p className="text-xs text-slate-500 dark:text-slate-400">{t('runningVms')}</p>
            <p className="text-xl font-semibold tabular-nums" data-testid="running-vms">
              {o.vms.byStatus.running ?? 0}
            </p>
          </div>
        )}
      </div>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        {o.hosts && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{t('hostHealth')}</p>
            <StatusStrip parts={strip(o.hosts, 'host', HOST_COLOURS)} />
          </div>
        )}
        {o.vms && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{t('vmStates')}</p>
            <StatusStrip parts={strip(o.vms, 'vm', VM_COLOURS)} />
          </div>
        )}
      </div>
      <div className="mt-5 grid gap-6 border-t border-slate-100 pt-5 sm:grid-cols-2 lg:grid-cols-3 dark:border-slate-800">
        {o.cpu && <ComputeChart kind="cpu" capacity={o.cpu} />}
        {o.memory && <ComputeChart kind="memory" capacity={o.memory} />}
        {o.storage && (
          <UsageBar
            label={t('storage')}
            used={o.storage.usedBytes}
            free={o.storage.availableBytes}
            committed={o.storage.committedBytes}
            legend={{
              used: t('storageUsed', { value: formatBytes(o.storage.usedBytes) }),
              committed: t('storageCommitted', { value: formatBytes(o.storage.committedBytes) }),
              free: t('storageFree', { value: formatBytes(o.storage.availableBytes) }),
            }}
          />
        )}
      </div>
    </Card>
  );
}

/**
 * CPU or memory of the hosts that are up. With the hosts' own measurements:
 * used, committed (given to VMs) and free, like storage. Without them (a
 * backend that reports none, or not for every host) only the allocation is
 * known, and the chart says "allocated" instead of passing it off as use.
 */
function ComputeChart({ kind, capacity: c }: { kind: 'cpu' | 'memory'; capacity: Wire<ComputeCapacity> }) {
  const t = useTranslations('overview');
  const locale = useLocale();
  const amount = (n: number) => (kind === 'cpu' ? formatNumber(n, locale, 1) : formatBytes(n, locale));
  const total = amount(c.total);
  if (c.used === undefined) {
    return (
      <Ring
        label={t(`${kind}Allocated`)}
        used={c.committed}
        total={c.total}
        caption={t(`${kind}AllocatedCaption`, { value: amount(c.committed), total })}
      />
    );
  }
  const used = Math.min(c.used, c.total);
  const free = Math.max(0, c.total - used);
  return (
    <UsageBar
      label={t(kind)}
      used={used}
      free={free}
      committed={c.committed}
      legend={{
        used: t(`${kind}Used`, { value: amount(used), total }),
        committed: t(`${kind}Committed`, { value: amount(c.committed) }),
        free: t(`${kind}Free`, { value: amount(free) }),
      }}
    />
  );
}
