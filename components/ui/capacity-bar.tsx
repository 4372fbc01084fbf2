import { cn } from '@/components/ui/cn';
import { percentOf } from '@/lib/inventory/rows';
import { formatPercent } from './format';

/**
 * A used/total bar in plain CSS. `committed` (thin-provisioned promises, may
 * exceed the total) is drawn as a marker line. `text` is what it reads as.
 */
export function CapacityBar({
  used,
  total,
  committed,
  label,
  text,
  className,
}: {
  used: number;
  total: number;
  committed?: number;
  label: string;
  text?: string;
  className?: string;
}) {
  const share = percentOf(used, total);
  const tone = share >= 90 ? 'bg-red-500' : share >= 75 ? 'bg-amber-500' : 'bg-brand-500';
  const committedShare = committed !== undefined ? Math.min(100, percentOf(committed, total)) : undefined;
  return (
    <div className={cn('min-w-24', className)}>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Math.min(share, 100))}
        aria-valuetext={text ?? formatPercent(share)}
        className="relative h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div className={cn('h-full rounded-full', tone)} style={{ width: `${Math.min(100, share)}%` }} />
        {committedShare !== undefined && (
          <div className="absolute inset-y-0 w-0.5 bg-slate-700 dark:bg-slate-200" style={{ left: `calc(${committedShare}% - 1px)` }} />
        )}
      </div>
      <p className="mt-0.5 text-xs text-slate-500 tabular-nums dark:text-slate-400">{text ?? formatPercent(share)}</p>
    </div>
  );
}
