import type { ReactNode } from 'react';

/** One titled part of the wizard; a fieldset, so screen readers announce the group's name. */
export function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold text-slate-800 dark:text-slate-200">{title}</legend>
      {actions && <div className="flex justify-end">{actions}</div>}
      {children}
    </fieldset>
  );
}
