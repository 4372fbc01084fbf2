import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CatalogSection } from '@/components/portal/admin/catalog-section';
import { FlavorsSection } from '@/components/portal/admin/flavors-section';
import { GroupsSection } from '@/components/portal/admin/groups-section';
import { OwnershipSection } from '@/components/portal/admin/ownership-section';
import { QuotasSection } from '@/components/portal/admin/quotas-section';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { listAllOwnership, listAllVolumeOwnership } from '@/lib/services/ownership';
import { catalogSources, listCatalog, listFlavors, listGroups, listQuotas } from '@/lib/services/portal-catalog';
import { listUsers } from '@/lib/services/users';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portalAdmin'))('title') };
}

/** The self-service portal's setup: catalog, flavors, groups, quotas and VM ownership. */
export default async function PortalAdminPage() {
  await requireRole('admin');
  const t = await getTranslations('portalAdmin');
  // One read for the whole page: several sections share the users, groups and connections.
  const [catalog, sources, flavors, groups, quotas, ownership, users, volumeOwnership] = await Promise.all([
    listCatalog({ publishedOnly: false }),
    catalogSources(),
    listFlavors(),
    listGroups(),
    listQuotas(),
    listAllOwnership(),
    listUsers(),
    listAllVolumeOwnership(),
  ]);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-8">
        <CatalogSection catalog={catalog} sources={sources} />
        <FlavorsSection flavors={flavors} />
        <GroupsSection groups={groups} users={users} />
        <QuotasSection quotas={quotas} users={users} groups={groups} />
        <OwnershipSection ownership={ownership} volumeOwnership={volumeOwnership} connections={sources.connections} users={users} groups={groups} />
      </div>
    </>
  );
}
