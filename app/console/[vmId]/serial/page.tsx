import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SerialView } from '@/components/console/serial-view';
import { requireUser } from '@/lib/auth/guards';
import { isBackendError, toClientError } from '@/lib/backends';
import { serialConsolePageFor } from '@/lib/console/service';
import { parseQualifiedId } from '@/lib/domain';
import { consoleVmIdSchema } from '@/lib/validations/console';

interface Props {
  params: Promise<{ vmId: string }>;
}

/** The URL carries the qualified VM id URL-encoded (`kvm%3A<uuid>`); accept it decoded too. */
function vmIdFrom(raw: string): string | undefined {
  let id = raw;
  if (!parseQualifiedId(id)) {
    try {
      id = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return consoleVmIdSchema.safeParse(id).success ? id : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('console');
  const id = vmIdFrom((await params).vmId);
  return { title: t('serial.pageTitle', { name: id ? (parseQualifiedId(id)?.nativeId ?? id) : '' }) };
}

// A standalone page like the graphical console's, opened in its own window from the VM's page or My VMs.
export default async function SerialConsolePage({ params }: Props) {
  const user = await requireUser();
  const t = await getTranslations('console');
  const vmId = vmIdFrom((await params).vmId);
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
  if (problem) {
    return (
      <main className="flex min-h-screen items-center justify-center bg-slate-950 p-6 text-slate-100">
        <div role="alert" className="max-w-lg rounded-lg border border-red-900 bg-red-950 p-4">
          <h1 className="font-semibold">{t('unavailableTitle')}</h1>
          <p className="mt-2 text-sm text-red-200">{problem}</p>
        </div>
      </main>
    );
  }
  return <SerialView vmId={vmId} vmName={page.vmName ?? parseQualifiedId(vmId)!.nativeId} />;
}
