import type { ReactNode } from 'react';
import type { ClientError } from '@/lib/backends/errors';
import type { ConnectionFailure } from '@/lib/inventory/types';
import { PageHeader } from '@/components/ui/card';
import { ConnectionFailures } from '@/components/ui/failures';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { AutoRefresh } from './auto-refresh';
import { BackLink, DetailProblem, TabLinks } from './detail';

/**
 * The frame of every detail page: the way back to its list, the object's name with its status and
 * connection, the header's actions, optional tabs, then the page's sections. `refresh` re-reads the
 * page while it is open (`true`: the default pace for objects that change by the second).
 */
export function DetailShell({
  back,
  title,
  status,
  connection,
  description,
  actions,
  refresh,
  tabs,
  gap = 'normal',
  children,
}: {
  back: { href: string; label: string };
  title: ReactNode;
  /** Beside the name: the status badge. */
  status?: ReactNode;
  /** The connection the object lives on, always named on its page. */
  connection?: { name: string; simulated: boolean };
  description?: ReactNode;
  actions?: ReactNode;
  refresh?: number | true;
  tabs?: { tabs: Array<{ key: string; label: string; href: string }>; current: string };
  /** The space between sections: `tight` for pages whose first sections are one control each. */
  gap?: 'normal' | 'tight';
  children: ReactNode;
}) {
  return (
    <>
      {refresh !== undefined && <AutoRefresh ms={refresh === true ? undefined : refresh} />}
      <BackLink href={back.href} label={back.label} />
      <PageHeader
        title={
          status || connection ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              {title}
              {status}
              {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />}
            </span>
          ) : (
            title
          )
        }
        description={description}
        actions={actions}
      />
      {tabs && <TabLinks tabs={tabs.tabs} current={tabs.current} />}
      <div className={gap === 'tight' ? 'space-y-4' : 'space-y-6'}>{children}</div>
    </>
  );
}

/** A detail page whose object could not be read: the kind's title and why, with the way back. */
export function DetailUnavailable({ title, error, back }: { title: string; error: ClientError; back: { href: string; label: string } }) {
  return (
    <>
      <PageHeader title={title} />
      <DetailProblem error={error} backHref={back.href} backLabel={back.label} />
    </>
  );
}

/** A list of related objects on a detail page (its hosts, its VMs), with the connections that failed to answer. */
export function RelatedSection({ title, failures = [], children }: { title: ReactNode; failures?: ConnectionFailure[]; children: ReactNode }) {
  return (
    <section>
      <h2 className="mb-3 font-semibold">{title}</h2>
      <ConnectionFailures failures={failures} />
      {children}
    </section>
  );
}
