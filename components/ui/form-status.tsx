import { TriangleAlert } from 'lucide-react';
import type { ActionState } from '@/lib/actions/types';
import { cn } from './cn';

/** The result of a form action, announced to screen readers. */
export function FormStatus({ state, className }: { state: ActionState | undefined; className?: string }) {
  return (
    <div aria-live="polite" role="status" className={className}>
      {state?.message && (
        <div
          className={cn(
            'rounded-md px-3 py-2 text-sm',
            state.ok
              ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300'
              : 'bg-red-50 text-red-800 dark:bg-red-900/30 dark:text-red-300',
          )}
        >
          <p>{state.message}</p>
          {state.detail && <p className="mt-1 font-mono text-xs opacity-80">{state.detail}</p>}
        </div>
      )}
      {state?.warning && (
        <p
          data-testid="form-warning"
          className="mt-2 flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200"
        >
          <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{state.warning}</span>
        </p>
      )}
    </div>
  );
}
