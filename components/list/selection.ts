'use client';

import { useCallback, useState } from 'react';

/**
 * Selected rows by id. Kept apart from the data so a live refresh (new row
 * objects every poll) never clears what the operator ticked.
 */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const setAll = useCallback((ids: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  return { selected, toggle, setAll, clear: () => setSelected(new Set()) };
}
