'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useTransition } from 'react';
import { listHref, listSearch, parseListParams, type ListKind, type ListParams } from '@/lib/validations/inventory';

/**
 * The list's state lives in the URL (bookmarkable, back button works). Changing
 * it replaces the URL without scrolling; the query key follows the URL, so
 * React Query fetches the new page while the old rows stay on screen.
 */
export function useListState(kind: ListKind) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const params = useMemo(() => parseListParams(kind, new URLSearchParams(searchParams.toString())), [kind, searchParams]);
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
