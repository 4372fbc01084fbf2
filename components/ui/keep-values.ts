'use client';

import { startTransition, type FormEvent } from 'react';

/**
 * React resets a form after its action runs; after a refusal that would throw away what the
 * operator typed. Submitting through onSubmit keeps the fields. A button may name another action
 * (`data-action="discover"`): its own name/value travel with the form data, as with formAction.
 */
export function keepValues(dispatch: (formData: FormData) => void, others: Record<string, (formData: FormData) => void> = {}) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const formData = new FormData(event.currentTarget, submitter);
    const named = submitter?.dataset.action;
    const run = (named && others[named]) || dispatch;
    startTransition(() => run(formData));
  };
}
