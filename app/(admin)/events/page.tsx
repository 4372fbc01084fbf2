import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EventsLive } from '@/components/events/events-live';
import { ListPage } from '@/components/list/list-page';
import { requireRole } from '@/lib/auth/guards';
import { eventSearch, parseEventParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('events'))('title') };
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('events');
  const raw = await searchParams;
  return (
    <ListPage resource="events" raw={raw} search={eventSearch(parseEventParams(raw))} title={t('title')} description={t('description')}>
      <EventsLive />
    </ListPage>
  );
}
