import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';

/** Marks rows that come from the demo engine, so nobody mistakes them for a real estate. */
export function SimulatedBadge() {
  const t = useTranslations('inventory');
  return (
    <span title={t('simulatedHint')} data-testid="simulated">
      <Badge tone="info">{t('simulated')}</Badge>
    </span>
  );
}

/**
 * Beside a row's name: "simulated" for the demo engine, and the connection's
 * name when rows of several connections share the table.
 */
export function ConnectionLabel({ name, simulated, showName }: { name: string; simulated: boolean; showName: boolean }) {
  if (!simulated && !showName) return null;
  return (
    <span className="ml-1.5 inline-flex items-center gap-1 align-middle text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
      {showName && <span>{name}</span>}
      {simulated && <SimulatedBadge />}
    </span>
  );
}
