'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { cn } from '@/components/ui/cn';
import type { RowContext } from './resource-list';

export const LINK = 'font-medium text-brand-700 hover:underline dark:text-brand-100';

/**
 * The first cell of every list row: the object's link, a mark beside it (SPM), its connection
 * (named when the list shows several), and one line under it (description, address).
 */
export function NameLink({
  href,
  name,
  mark,
  sub,
  subClassName = 'max-w-80 truncate',
  context,
}: {
  href: string;
  name: string;
  mark?: ReactNode;
  sub?: ReactNode;
  subClassName?: string;
  context: RowContext;
}) {
  const { connection, manyConnections } = context;
  return (
    <>
      <Link href={href} className={LINK}>
        {name}
      </Link>
      {mark}
      {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={manyConnections} />}
      {sub && <p className={cn('text-xs text-slate-500 dark:text-slate-400', subClassName)}>{sub}</p>}
    </>
  );
}
