import { AlertTriangle } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import type { ClientError } from '@/lib/backends/errors';

/** A backend that is down, slow or refusing: said plainly, with its own words, instead of a blank page. */
export async function BackendProblem({ error }: { error: ClientError }) {
  const t = await getTranslations();
  return (
    <div role="alert" data-testid="volume-backend-problem" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
      <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <p>{t(`backendErrors.${error.code}`)}</p>
        {error.detail && <p className="mt-1 font-mono text-xs opacity-80">{error.detail}</p>}
      </div>
    </div>
  );
}
