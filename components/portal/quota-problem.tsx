'use client';

import { useTranslations } from 'next-intl';
import type { QuotaProblem } from '@/lib/portal/quota';

/** The limit a request would pass, said before submit so the user can ask for less. */
export function QuotaProblemAlert({ problem, testId }: { problem: QuotaProblem; testId?: string }) {
  const tAll = useTranslations();
  return (
    <p role="alert" data-testid={testId} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
      {tAll(problem.key, problem.values)}
    </p>
  );
}
