'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { formatBytes, formatPercent } from '@/components/ui/format';
import type { Vm } from '@/lib/domain';
import { percentOf } from '@/lib/inventory/rows';
import { useVmState } from './live-state';

/** Samples kept in the browser: the engine keeps no history, so the charts start when the page opens. */
const KEEP = 60;

type Sample = { at: number; cpu?: number; memory?: number; network?: number };

function Sparkline({ label, values, current, caption, testId }: { label: string; values: number[]; current?: number; caption: string; testId: string }) {
  const w = 160;
  const h = 36;
  // Newest at the right edge; the line grows leftwards as samples come in.
  const points = values.map((v, i) => `${w - (values.length - 1 - i) * (w / (KEEP - 1))},${h - (Math.min(100, v) / 100) * h}`).join(' ');
  return (
    <figure className="min-w-0" role="img" aria-label={`${label}: ${caption}`} data-testid={testId}>
      <p className="text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{label}</p>
      <p className="text-lg font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {current === undefined ? '—' : formatPercent(current)}
      </p>
      <svg viewBox={`0 0 ${w} ${h}`} className="h-9 w-40 rounded bg-slate-50 dark:bg-slate-800/60" preserveAspectRatio="none" aria-hidden>
        {values.length > 0 && <polyline points={points} fill="none" strokeWidth="1.5" className="stroke-brand-500" vectorEffect="non-scaling-stroke" />}
      </svg>
      <figcaption className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{caption}</figcaption>
    </figure>
  );
}

/**
 * What a running VM uses now and over the last minutes, from the same poll that
 * follows its state (no request of its own). Shown only where the backend
 * measures: an adapter without statistics leaves `usage` out.
 */
export function VmUsageCharts({ vm: initial }: { vm: Vm }) {
  const t = useTranslations('vms.usage');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  const [samples, setSamples] = useState<Sample[]>([]);
  const usage = vm.usage;
  const at = live.dataUpdatedAt;

  useEffect(() => {
    if (!usage) return;
    const memory = usage.memoryUsedBytes !== undefined && vm.memoryBytes ? percentOf(usage.memoryUsedBytes, vm.memoryBytes) : undefined;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one sample per poll answer, keyed by its time
    setSamples((prev) => (prev.at(-1)?.at === at ? prev : [...prev, { at, cpu: usage.cpuPercent, memory, network: usage.networkPercent }].slice(-KEEP)));
  }, [at, usage, vm.memoryBytes]);

  if (!usage) return null;
  if (vm.status !== 'running') {
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="vm-usage">
        {t('notRunning')}
      </p>
    );
  }
  const series = (key: keyof Omit<Sample, 'at'>) => samples.map((s) => s[key]).filter((v): v is number => v !== undefined);
  const last = samples.at(-1);
  return (
    <div className="flex flex-wrap gap-6" data-testid="vm-usage">
      <Sparkline testId="vm-usage-cpu" label={t('cpu')} values={series('cpu')} current={last?.cpu} caption={t('cpuCaption')} />
      <Sparkline
        testId="vm-usage-memory"
        label={t('memory')}
        values={series('memory')}
        current={last?.memory}
        caption={usage.memoryUsedBytes !== undefined ? t('memoryCaption', { used: formatBytes(usage.memoryUsedBytes), total: formatBytes(vm.memoryBytes) }) : t('noAgent')}
      />
      <Sparkline testId="vm-usage-network" label={t('network')} values={series('network')} current={last?.network} caption={t('networkCaption')} />
    </div>
  );
}
