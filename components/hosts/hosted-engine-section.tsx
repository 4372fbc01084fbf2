import { AutoRefresh } from '@/components/detail/auto-refresh';
import type { HostedEngineView } from '@/lib/services/host-operations';
import { HostedEnginePanel } from './hosted-engine-panel';

/**
 * The hosted-engine panel above the host list. The page starts its read beside the list's (and
 * streams this behind Suspense), so it never adds to the list's wait; an engine that has not
 * answered within the page's patience shows as still being asked, and the page's refresh brings
 * its panel once it has.
 */
export async function HostedEngineSection({ views: reading }: { views: Promise<HostedEngineView[]> }) {
  const views = await reading;
  if (views.length === 0) return null;
  return (
    <>
      <AutoRefresh />
      <HostedEnginePanel views={views} />
    </>
  );
}
