import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';

export type StatusKind = 'vm' | 'host' | 'dataCenter' | 'storage' | 'template' | 'task' | 'severity' | 'disk' | 'snapshot' | 'network';
type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const TONES: Record<string, Tone> = {
  running: 'good',
  up: 'good',
  active: 'good',
  ok: 'good',
  finished: 'good',
  operational: 'good',
  info: 'info',
  stopped: 'neutral',
  down: 'neutral',
  inactive: 'neutral',
  unattached: 'neutral',
  uninitialized: 'neutral',
  aborted: 'neutral',
  starting: 'info',
  stopping: 'info',
  suspending: 'info',
  migrating: 'info',
  rebooting: 'info',
  installing: 'info',
  transitioning: 'info',
  in_preview: 'info',
  paused: 'warn',
  suspended: 'warn',
  maintenance: 'warn',
  locked: 'warn',
  warning: 'warn',
  unknown: 'warn',
  non_responsive: 'bad',
  non_operational: 'bad',
  problem: 'bad',
  error: 'bad',
  failed: 'bad',
  alert: 'bad',
};

/** Native words that say nothing more than the common status they map to. */
const SAME = new Set(['running/up', 'stopped/down', 'finished/finished', 'running/started', 'info/normal', 'error/illegal', 'problem/problematic']);

/**
 * A status in the operator's language; the backend's own word is shown next to
 * it when it says more (a host "preparing for maintenance" is "transitioning"
 * in the common set, and the operator needs the precise state).
 */
export function StatusBadge({ kind, status, native }: { kind: StatusKind; status: string; native?: string }) {
  const t = useTranslations('inventory.statuses');
  const key = `${kind}.${status}`;
  const label = t.has(key) ? t(key) : status;
  const nativeSaysMore = native && native !== status && !SAME.has(`${status}/${native}`) && native.replace(/_/g, ' ') !== label.toLowerCase();
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-status={status}>
      <Badge tone={TONES[status] ?? 'neutral'}>{label}</Badge>
      {nativeSaysMore && <span className="text-xs text-slate-500 dark:text-slate-400">{native.replace(/_/g, ' ')}</span>}
    </span>
  );
}
