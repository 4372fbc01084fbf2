'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ListKind } from '@/lib/validations/inventory';
import type { InventoryResource } from '@/lib/inventory/resources';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { TD } from './table';
import { useInventory } from './use-inventory';
import { useListState } from './use-list-state';

export const LINK = 'font-medium text-brand-700 hover:underline dark:text-brand-100';

/** The list state, the live read and the frame every smaller list shares. */
export function useList<R extends InventoryResource & ListKind>(resource: R) {
  const state = useListState(resource);
  const live = useInventory(resource, state.search);
  return { ...state, ...live };
}

export function NameCell({ href, name, sub, connection, many }: { href: string; name: string; sub?: ReactNode; connection?: { name: string; simulated: boolean }; many: boolean }) {
  return (
    <td className={TD}>
      <Link href={href} className={LINK}>
        {name}
      </Link>
      {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={many} />}
      {sub && <p className="max-w-80 truncate text-xs text-slate-500 dark:text-slate-400">{sub}</p>}
    </td>
  );
}

