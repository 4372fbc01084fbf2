import { percentOf } from '@/lib/inventory/rows';
import { formatPercent } from '@/components/ui/format';

/** A ring showing used / total in plain SVG; over 100 % (overcommit) closes the ring and turns red. */
export function Ring({ used, total, label, caption }: { used: number; total: number; label: string; caption: string }) {
  const share = percentOf(used, total);
  const r = 28;
  const c = 2 * Math.PI * r;
  const filled = Math.min(share, 100) / 100;
  const tone = share >= 100 ? 'stroke-red-500' : share >= 80 ? 'stroke-amber-500' : 'stroke-brand-500';
  return (
    <figure className="flex items-center gap-3" role="meter" aria-label={label} aria-valuenow={Math.round(share)} aria-valuemin={0} aria-valuemax={100} aria-valuetext={caption}>
      <svg viewBox="0 0 72 72" className="size-18 shrink-0 -rotate-90" aria-hidden>
        <circle cx="36" cy="36" r={r} fill="none" strokeWidth="9" className="stroke-slate-200 dark:stroke-slate-700" />
        <circle cx="36" cy="36" r={r} fill="none" strokeWidth="9" strokeLinecap="round" className={tone} strokeDasharray={`${filled * c} ${c}`} />
      </svg>
      <figcaption className="min-w-0">
        <p className="text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{label}</p>
        <p className="text-lg font-semibold tabular-nums">{formatPercent(share)}</p>
        <p className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{caption}</p>
      </figcaption>
    </figure>
  );
}

/**
 * Used, then free, as one stacked bar; a marker where the committed share ends
 * (space promised to thin disks, vCPUs or memory given to VMs), which may be
 * past the end when the backend overcommits.
 */
export function UsageBar({
  used,
  free,
  committed,
  label,
  legend,
}: {
  used: number;
  free: number;
  committed: number;
  label: string;
  legend: { used: string; free: string; committed: string };
}) {
  const total = used + free;
  const usedShare = percentOf(used, total);
  const committedShare = percentOf(committed, total);
  return (
    <figure role="img" aria-label={`${label}: ${legend.used}, ${legend.committed}, ${legend.free}`}>
      <p className="mb-1 text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{label}</p>
      <div className="relative h-3 overflow-hidden rounded-full bg-emerald-200 dark:bg-emerald-900/60">
        <div className="h-full bg-brand-500" style={{ width: `${Math.min(100, usedShare)}%` }} />
        <div
          className="absolute inset-y-0 w-0.5 bg-amber-600 dark:bg-amber-400"
          style={{ left: `calc(${Math.min(100, committedShare)}% - 1px)` }}
        />
      </div>
      <figcaption className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 tabular-nums dark:text-slate-400">
        <span className="inline-flex items-center gap-1">
          <span className="size-2 rounded-full bg-brand-500" aria-hidden />
          {legend.used}
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="size-2 rounded-full bg-amber-600 dark:bg-amber-400" aria-hidden />
          {legend.committed}
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="size-2 rounded-full bg-emerald-300 dark:bg-emerald-700" aria-hidden />
          {legend.free}
        </span>
      </figcaption>
    </figure>
  );
}

/** Counts per status as one thin segmented bar with its legend. */
export function StatusStrip({ parts }: { parts: Array<{ key: string; count: number; label: string; className: string }> }) {
  const total = parts.reduce((s, p) => s + p.count, 0);
  if (total === 0) return null;
  return (
    <div>
      <div className="flex h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" aria-hidden>
        {parts.map((p) => (p.count > 0 ? <div key={p.key} className={p.className} style={{ width: `${(p.count / total) * 100}%` }} /> : null))}
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600 dark:text-slate-400">
        {parts
          .filter((p) => p.count > 0)
          .map((p) => (
            <li key={p.key} className="inline-flex items-center gap-1">
              <span className={`size-2 rounded-full ${p.className}`} aria-hidden />
              {p.label}
            </li>
          ))}
      </ul>
    </div>
  );
}
