import type { ReactNode } from 'react';
import Link from 'next/link';
import { Card } from '@/components/ui/card';

export interface ManageRow {
  id: string;
  name: string;
  /** Secondary facts: status, data center, connection. */
  facts: string[];
}

/** The objects of one kind, each a link to its management panel (`?id=`), the selected one open. */
export function ManageList({
  rows,
  selected,
  basePath,
  empty,
  panel,
  newHref,
  newLabel,
}: {
  rows: ManageRow[];
  selected?: string;
  basePath: string;
  empty: ReactNode;
  panel?: ReactNode;
  newHref: string;
  newLabel: ReactNode;
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
      <Card className="h-fit overflow-hidden">
        <div className="border-b border-slate-200 p-3 dark:border-slate-800">
          <Link href={newHref} className="inline-flex rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700">
            {newLabel}
          </Link>
        </div>
        {rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{empty}</p>
        ) : (
          <ul className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto dark:divide-slate-800">
            {rows.map((r) => (
              <li key={r.id}>
                <Link
                  href={{ pathname: basePath, query: { id: r.id } }}
                  aria-current={r.id === selected ? 'page' : undefined}
                  className="block px-4 py-2 text-sm hover:bg-slate-50 aria-[current=page]:bg-brand-50 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800"
                >
                  <span className="font-medium">{r.name}</span>
                  <span className="block text-xs text-slate-500">{r.facts.filter(Boolean).join(' · ')}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {panel && <Card className="h-fit space-y-6 p-6">{panel}</Card>}
    </div>
  );
}
