'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { ListParams } from '@/lib/inventory/list-url';

import { TH } from './table';

/** A column header; sortable (on the server) when `field` is given. */
export function SortHeader({
  field,
  params,
  update,
  children,
  className,
}: {
  field?: string;
  params: ListParams;
  update: (patch: Partial<ListParams>) => void;
  children: ReactNode;
  className?: string;
}) {
  const t = useTranslations('inventory');
  if (!field) return <th className={`${TH} ${className ?? ''}`}>{children}</th>;
  const active = params.sort === field;
  const dir = active ? params.dir : undefined;
  const Icon = dir === 'asc' ? ArrowUp : dir === 'desc' ? ArrowDown : ArrowUpDown;
  return (
    <th className={`${TH} ${className ?? ''}`} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
      <button
        type="button"
        className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-slate-100"
        onClick={() => update({ sort: field, dir: active && dir === 'asc' ? 'desc' : 'asc' })}
        title={t('sortBy')}
      >
        {children}
        <Icon className="size-3.5" aria-hidden />
      </button>
    </th>
  );
}
