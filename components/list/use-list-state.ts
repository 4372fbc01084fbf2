'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useMemo, useTransition } from 'react';
import { listHref, listSearch, type ListParams } from '@/lib/inventory/list-url';
import { useUrlState } from './url-state';

/**
 * The list's state lives in the URL (bookmarkable, back button works). Changing
 * it replaces the URL without scrolling; the query key follows the URL, so
 * React Query fetches the new page while the old rows stay on screen. The
 * state itself comes parsed from the server (url-state.tsx).
 */
export function useListState() {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const params = useUrlState<ListParams>();
  const search = useMemo(() => listSearch(params), [params]);
  const update = useCallback(
    (patch: Partial<ListParams>) => {
      // Any change but paging starts again at page 1: page 7 of another filter means nothing.
      const next = 'page' in patch ? patch : { ...patch, page: 1 };
      startTransition(() => router.replace(listHref(pathname, params, next), { scroll: false }));
    },
    [router, pathname, params],
  );
  return { params, search, update, pending };
}
