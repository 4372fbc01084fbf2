import { Suspense } from 'react';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { ConnectionFailures } from '@/components/ui/failures';
import type { ConnectionInfo } from '@/lib/inventory/types';
import { toWire } from '@/lib/inventory/wire';
import { combineOverview, overviewWithin, type OverviewPart } from '@/lib/services/inventory';
import { ActivityCards, ConnectionCard } from './overview';

/**
 * The overview's first render, streamed: each connection's section behind its own Suspense
 * boundary, so the page's other sections do not wait for a connection that hangs; that section
 * says so once its deadline (PATIENCE_MS) passes. Events and tasks come last, from every part
 * within the same deadline. OverviewLive replaces all of it with the polled view.
 */
export function OverviewStream({ connections, parts }: { connections: ConnectionInfo[]; parts: OverviewPart[] }) {
  return (
    <div className="space-y-6">
      {parts.map((part) => (
        <Suspense key={part.connection.id} fallback={<Waiting name={part.connection.name} />}>
          <ConnectionSection part={part} />
        </Suspense>
      ))}
      <Suspense fallback={null}>
        <Activity connections={connections} parts={parts} />
      </Suspense>
    </div>
  );
}

function Waiting({ name }: { name: string }) {
  const t = useTranslations('overview');
  return (
    <Card className="p-5" data-testid="connection-waiting">
      <h2 className="text-lg font-semibold">{name}</h2>
      <p className="text-sm text-slate-500">{t('loading')}</p>
    </Card>
  );
}

async function ConnectionSection({ part }: { part: OverviewPart }) {
  const outcome = await overviewWithin(part);
  return (
    <section aria-label={part.connection.name}>
      {outcome.failure && <ConnectionFailures failures={[toWire(outcome.failure)]} />}
      {outcome.overview && <ConnectionCard overview={toWire(outcome.overview)} />}
    </section>
  );
}

async function Activity({ connections, parts }: { connections: ConnectionInfo[]; parts: OverviewPart[] }) {
  const outcomes = await Promise.all(parts.map((part) => overviewWithin(part)));
  return <ActivityCards data={toWire(combineOverview(connections, outcomes))} />;
}
