'use client';

import { useCallback, useState, useTransition } from 'react';
import type { ActionState } from '@/lib/actions/types';
import { useRefreshAfterAction } from './live-state';

type ServerAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** Runs a server action with plain values, keeps its answer for a FormStatus, and refreshes live data after. */
export function useActionRunner() {
  const [state, setState] = useState<ActionState>();
  const [pending, startTransition] = useTransition();
  const refresh = useRefreshAfterAction();
  const run = useCallback(
    (action: ServerAction, values: Record<string, string>, after?: (s: ActionState) => void) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      startTransition(async () => {
        const result = await action(undefined, form);
        setState(result);
        refresh();
        after?.(result);
      });
    },
    [refresh],
  );
  return { state, pending, run, clear: () => setState(undefined) };
}

export function formDataOf(values: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.set(k, v);
  return form;
}
