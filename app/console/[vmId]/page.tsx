import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ConsoleView } from '@/components/console/console-view';
import { ConsoleUnavailable } from '@/components/console/console-unavailable';
import { requireUser } from '@/lib/auth/guards';
import { isBackendError, toClientError } from '@/lib/backends';
import { consolePageFor } from '@/lib/console/service';
import { parseQualifiedId } from '@/lib/domain';
import { consoleTitleName, consoleVmIdFromSegment } from '@/lib/validations/console';

interface Props {
  params: Promise<{ vmId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('console');
  return { title: t('pageTitle', { name: consoleTitleName((await params).vmId) }) };
}

// A standalone page (no admin shell), opened in its own window from the VM's page.
export default async function ConsolePage({ params }: Props) {
  const user = await requireUser();
  const vmId = consoleVmIdFromSegment((await params).vmId);
  if (!vmId) notFound();

  let problem: string | undefined;
  let vmName: string | undefined;
  let allowed = true;
  try {
    ({ allowed, vmName } = await consolePageFor(user, vmId));
  } catch (err) {
    if (isBackendError(err, 'not_found')) notFound();
    problem = toClientError(err).message;
  }
  // Another user's VM answers exactly like one that does not exist, as everywhere in the portal.
  if (!allowed) notFound();
  if (problem) return <ConsoleUnavailable problem={problem} />;
  return <ConsoleView vmId={vmId} vmName={vmName ?? parseQualifiedId(vmId)!.nativeId} />;
}
