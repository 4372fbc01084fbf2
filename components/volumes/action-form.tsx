'use client';

import { useActionState, useEffect, type ReactNode } from 'react';
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
  const [state, formAction, pending] = useActionState(action, undefined);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && doneHref) router.push(doneHref);
  }, [state, doneHref, router]);
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
