import 'server-only';
import { db } from '@/lib/db/client';
import { wizardChoices } from './vm-operations';

/**
 * The demo's self-service portal, ready to use: a few sizes and the demo engine's Linux templates
 * in the catalog, so a user who signs in to the portal of a fresh demo can launch at once (instead
 * of "Nothing to launch yet"). Only into an empty catalog and an empty flavor list: whatever an
 * admin has set up is never touched.
 */
export const DEMO_FLAVORS = [
  { name: 'Small', vcpus: 1, memoryMiB: 1024, diskGiB: 10 },
  { name: 'Medium', vcpus: 2, memoryMiB: 4096, diskGiB: 20 },
  { name: 'Large', vcpus: 4, memoryMiB: 8192, diskGiB: 40 },
];

/** Demo templates users may launch, with the words shown in the catalog. */
const DEMO_ITEMS: Array<{ template: string; name: string; description: string }> = [
  { template: 'debian-12', name: 'Debian 12', description: 'Debian 12 (bookworm) with cloud-init' },
  { template: 'centos-stream-9', name: 'CentOS Stream 9', description: 'CentOS Stream 9 with cloud-init' },
];

export async function seedDemoPortal(connectionId: string, log: (line: string) => void): Promise<void> {
  if ((await db.flavor.count()) === 0) {
    await db.flavor.createMany({ data: DEMO_FLAVORS });
    log(`demo portal: sizes ${DEMO_FLAVORS.map((f) => f.name).join(', ')}`);
  }
  if ((await db.catalogItem.count()) > 0) return;
  const choices = await wizardChoices(connectionId);
  const published: string[] = [];
  for (const item of DEMO_ITEMS) {
    const template = choices.templates.find((t) => t.name === item.template);
    const cluster = choices.clusters.find((c) => c.id === template?.cluster?.id) ?? choices.clusters[0];
    if (!template || !cluster) continue;
    await db.catalogItem.create({
      data: { name: item.name, description: item.description, connectionId, sourceKind: 'template', sourceId: template.id, clusterId: cluster.id, minDiskGiB: 10 },
    });
    published.push(item.name);
  }
  log(`demo portal: catalog ${published.join(', ') || '(no demo template found)'}`);
}
