import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';

export const TD = 'px-3 py-2.5 align-top';
export const TH = 'px-3 py-2.5 text-left text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400';

/** The card, scroll container and row styles every inventory table shares. */
export function DataTable({ head, children, busy, testId }: { head: ReactNode; children: ReactNode; busy?: boolean; testId?: string }) {
  return (
    <Card className={cn('overflow-x-auto transition-opacity', busy && 'opacity-70')}>
      <table className="w-full text-sm" data-testid={testId} aria-busy={busy}>
        <thead className="border-b border-slate-200 bg-slate-50/60 dark:border-slate-800 dark:bg-slate-900">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
      </table>
    </Card>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
        {children}
      </td>
    </tr>
  );
}
