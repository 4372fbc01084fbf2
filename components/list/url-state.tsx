'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { EventParams, ListParams } from '@/lib/inventory/list-url';

type UrlState = ListParams | EventParams;

const UrlStateContext = createContext<UrlState | undefined>(undefined);

/**
 * The list's URL state as the server parsed it (lib/validations, zod) for this render. The client
 * table reads it here instead of parsing the URL again, so the parser and zod stay out of the
 * browser's first load (issue 21). A change replaces the URL; the page renders again on the
 * server and passes the new state, in the same transition that shows the new rows.
 */
export function UrlStateProvider({ value, children }: { value: UrlState; children: ReactNode }) {
  return <UrlStateContext.Provider value={value}>{children}</UrlStateContext.Provider>;
}

export function useUrlState<T extends UrlState>(): T {
  const value = useContext(UrlStateContext);
  if (value === undefined) throw new Error('A live list must be rendered inside <ListPage>, which parses its URL state.');
  return value as T;
}
