import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SerialView } from '@/components/console/serial-view';
import { ConsoleUnavailable } from '@/components/console/console-unavailable';
import { requireUser } from '@/lib/auth/guards';
import { isBackendError, toClientError } from '@/lib/backends';
import { serialConsolePageFor } from '@/lib/console/service';
import { parseQualifiedId } from '@/lib/domain';
import { consoleTitleName, consoleVmIdFromSegment } from '@/lib/validations/console';

interface Props {
  params: Promise<{ vmId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('console');
  return { title: t('serial.pageTitle', { name: consoleTitleName((await params).vmId) }) };
}

// A standalone page like the graphical console's, opened in its own window from the VM's page or My VMs.
export default async function SerialConsolePage({ params }: Props) {
  const user = await requireUser();
  const t = await getTranslations('console');
  const vmId = consoleVmIdFromSegment((await params).vmId);
  if (!vmId) notFound();

  let problem: string | undefined;
  let page: Awaited<ReturnType<typeof serialConsolePageFor>> = { allowed: true, offered: true };
  try {
    page = await serialConsolePageFor(user, vmId);
  } catch (err) {
    if (isBackendError(err, 'not_found')) notFound();
    problem = toClientError(err).message;
  }
  // Another user's VM answers exactly like one that does not exist.
  if (!page.allowed) notFound();
  if (!problem && !page.offered) problem = t('serial.notOffered');
  // The backend's own reason (oVirt: the VM has no serial console device), shown as it says it.
  if (!problem && page.refusal) problem = page.refusal;
  if (problem) return <ConsoleUnavailable problem={problem} />;
  return <SerialView vmId={vmId} vmName={page.vmName ?? parseQualifiedId(vmId)!.nativeId} />;
}
