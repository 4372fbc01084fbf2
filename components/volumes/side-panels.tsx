import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import type { QuotaUsage } from '@/lib/domain/volumes';
import type { VolumeContext } from '@/lib/services/volumes';
import { BackendProblem } from './backend-problem';
import { gib } from './format';
import { GIB } from '@/components/ui/format';

function Meter({ label, usage, unit, testId }: { label: string; usage: QuotaUsage; unit: string; testId: string }) {
  const pct = usage.limit ? Math.min(100, Math.round((usage.used / usage.limit) * 100)) : 0;
  return (
    <div data-testid={testId}>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums">
          {usage.used}
          {usage.limit !== undefined ? ` / ${usage.limit}` : ' / ∞'} {unit}
        </span>
      </div>
      {usage.limit !== undefined && (
        <div className="mt-1 h-1.5 rounded bg-slate-100 dark:bg-slate-800" aria-hidden>
          <div className={`h-1.5 rounded ${pct >= 90 ? 'bg-red-500' : 'bg-brand-500'}`} style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}

/** The project's quotas (beside the list and the create form) and, for cloud admins, pool capacity. */
export async function VolumeSidePanels({ context }: { context: VolumeContext }) {
  const t = await getTranslations('volumes');
  return (
    <div className="space-y-4">
      <Card className="space-y-3 p-4" data-testid="volume-quotas">
        <h2 className="text-sm font-semibold">{t('quotas.title')}</h2>
        {context.limits.ok ? (
          <>
            <Meter label={t('quotas.volumes')} usage={context.limits.value.volumes} unit="" testId="quota-volumes" />
            <Meter label={t('quotas.gigabytes')} usage={context.limits.value.gigabytes} unit={GIB} testId="quota-gigabytes" />
            <Meter label={t('quotas.snapshots')} usage={context.limits.value.snapshots} unit="" testId="quota-snapshots" />
          </>
        ) : (
          <BackendProblem error={context.limits.error} />
        )}
      </Card>
      {context.pools && (
        <Card className="space-y-2 p-4" data-testid="volume-pools">
          <h2 className="text-sm font-semibold">{t('pools.title')}</h2>
          {context.pools.ok ? (
            <ul className="space-y-2 text-sm">
              {context.pools.value.map((p) => (
                <li key={p.name}>
                  <p className="font-mono text-xs">{p.name}</p>
                  <p className="text-xs text-slate-500">
                    {p.totalBytes !== undefined
                      ? t('pools.capacity', { free: gib(p.freeBytes ?? 0), total: gib(p.totalBytes) })
                      : t('pools.unknownCapacity', { allocated: gib(p.allocatedBytes ?? 0) })}
                    {p.storageProtocol ? ` · ${p.storageProtocol}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <BackendProblem error={context.pools.error} />
          )}
        </Card>
      )}
      {context.features.ok && (
        <p className="text-xs text-slate-500" data-testid="volume-api-version">
          {t('apiVersion', { version: context.features.value.apiVersion, max: context.features.value.serverMaxVersion })}
        </p>
      )}
    </div>
  );
}
