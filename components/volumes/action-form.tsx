'use client';

import { useActionState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/**
 * One small form per volume action: hidden inputs name the object, `children`
 * holds the inputs, the answer (with Cinder's own words) is announced below.
 * `confirm` asks first for destructive actions; `onDone` navigates after success.
 */
export function ActionForm({
  action,
  hidden,
  children,
  submit,
  variant = 'secondary',
  confirm,
  doneHref,
  testId,
  className,
}: {
  action: Action;
  hidden: Record<string, string>;
  children?: ReactNode;
  submit: string;
  variant?: 'primary' | 'secondary' | 'danger';
  confirm?: string;
  doneHref?: string;
  testId?: string;
  className?: string;
}) {
  const router = useRouter();
  // Navigate from the action itself, not from an effect after it: a successful action
  // re-renders the page (revalidatePath), which may unmount this form (a deleted volume
  // shows no actions) before any effect of it could run.
  const [state, formAction, pending] = useActionState(async (prev: ActionState | undefined, formData: FormData) => {
    const result = await action(prev, formData);
    if (result.ok && doneHref) router.push(doneHref);
    return result;
  }, undefined);
  return (
    <form
      action={formAction}
      data-testid={testId}
      className={className ?? 'space-y-2'}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <Button type="submit" variant={variant} size="sm" disabled={pending}>
        {submit}
      </Button>
      <FormStatus state={state} />
      {state?.fieldErrors && (
        <ul className="text-xs text-red-600">
          {Object.entries(state.fieldErrors).map(([field, message]) => (
            <li key={field}>{message}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
