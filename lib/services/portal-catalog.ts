import 'server-only';
import { isUniqueViolation } from '@/lib/db/errors';
import { ActionRefusal } from './refusal';
import { db } from '@/lib/db/client';
import { parseQualifiedId } from '@/lib/domain';
import type { z } from 'zod';
import type { catalogItemSchema, flavorSchema, quotaSchema } from '@/lib/validations/portal';
import { allocationOf, recordOwnership, recordVolumeOwnership } from './ownership';
import { getVmFresh, vmCreateConnections, vmStateByName, wizardChoices, type WizardChoices } from './vm-operations';
import { readVolume, readVolumeContext } from './volumes';
import type { VolumeType } from '@/lib/domain/volumes';

/**
 * What admins set up for the self-service portal: the catalog of templates and images users
 * launch from, the flavors (sizes), user groups and quotas. Role checks and audit entries happen
 * in the server actions (lib/actions/portal-admin.ts) that call these.
 */

function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new ActionRefusal('portalAdmin.errors.nameTaken');
  throw err;
}

// ---------------------------------------------------------------- catalog

export async function listCatalog(options: { publishedOnly: boolean }) {
  return db.catalogItem.findMany({ where: options.publishedOnly ? { published: true } : {}, orderBy: { name: 'asc' } });
}

export interface CatalogSources {
  connections: Array<Pick<WizardChoices, 'connectionId' | 'connectionName' | 'templates' | 'baseImages' | 'clusters' | 'storageDomains' | 'vnicProfiles' | 'bootChoices'>>;
  /** The volume types of each volume connection that serves attachments, for "launch on a volume". */
  volumeTypes: Array<{ connectionId: string; connectionName: string; types: VolumeType[] }>;
  /** Connections whose choices could not be read, with the reason. */
  failed: Array<{ connectionId: string; name: string; message: string }>;
}

/** Everything an admin can publish: templates and base images of every connection that creates VMs. */
export async function catalogSources(): Promise<CatalogSources> {
  const connections = await vmCreateConnections();
  const results = await Promise.allSettled(connections.map((c) => wizardChoices(c.id)));
  const out: CatalogSources = { connections: [], volumeTypes: [], failed: [] };
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') out.connections.push(r.value);
    else out.failed.push({ connectionId: connections[i].id, name: connections[i].name, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
  // Every compute connection that can boot from a volume sees the same volume connections.
  const volumeSides = out.connections.find((c) => c.bootChoices)?.bootChoices?.connections ?? [];
  out.volumeTypes = await Promise.all(
    volumeSides.map(async (v) => {
      const types = (await readVolumeContext(v.id)).types;
      return { connectionId: v.id, connectionName: v.name, types: types.ok ? types.value : [] };
    }),
  );
  return out;
}

const GIB = 1024 ** 3;

/**
 * "Launch on a volume": an active image of a volume connection's image service, on a compute
 * connection (the cluster's) whose VMs boot from volumes. The flavor's disk becomes the new volume,
 * so the item's smallest disk is at least the image's size.
 */
async function volumeItemData(input: z.infer<typeof catalogItemSchema>) {
  const connectionId = parseQualifiedId(input.clusterId)!.connectionId;
  if (input.networkId && parseQualifiedId(input.networkId)?.connectionId !== connectionId) throw new ActionRefusal('portalAdmin.errors.mixedConnections');
  const choices = await wizardChoices(connectionId);
  if (!choices.volumeSource.available || !choices.bootChoices) throw new ActionRefusal('portalAdmin.errors.cannotLaunchOnVolume', { name: choices.connectionName });
  const { connectionId: volumeConnectionId, nativeId: imageId } = parseQualifiedId(input.source.id)!;
  const image = choices.bootChoices.images.find((i) => i.connectionId === volumeConnectionId && i.id === imageId);
  if (!image) throw new ActionRefusal('portalAdmin.errors.sourceGone');
  if (!choices.clusters.some((c) => c.id === input.clusterId)) throw new ActionRefusal('portalAdmin.errors.clusterGone');
  if (!choices.vnicProfiles.some((p) => p.id === input.networkId)) throw new ActionRefusal('portalAdmin.errors.networkGone');
  if (input.volumeType) {
    const types = (await readVolumeContext(volumeConnectionId)).types;
    if (!types.ok || !types.value.some((t) => t.name === input.volumeType || t.id === input.volumeType)) throw new ActionRefusal('portalAdmin.errors.volumeTypeGone');
  }
  return {
    name: input.name,
    description: input.description ?? null,
    connectionId,
    sourceKind: 'volume',
    sourceId: input.source.id,
    clusterId: input.clusterId,
    storageDomainId: null,
    networkId: input.networkId!,
    volumeType: input.volumeType ?? null,
    minDiskGiB: Math.max(input.minDiskGiB, Math.ceil((image.sizeBytes ?? 0) / GIB)),
  };
}

/** Publishes a template, image or image-on-a-volume, after checking with its backend that every part of it exists. */
export async function createCatalogItem(input: z.infer<typeof catalogItemSchema>) {
  if (input.source.kind === 'volume') return db.catalogItem.create({ data: await volumeItemData(input) }).catch(nameTaken);
  const connectionId = parseQualifiedId(input.source.id)!.connectionId;
  const sameConnection = [input.clusterId, input.storageDomainId, input.networkId].every((id) => !id || parseQualifiedId(id)?.connectionId === connectionId);
  if (!sameConnection) throw new ActionRefusal('portalAdmin.errors.mixedConnections');
  const choices = await wizardChoices(connectionId);
  const source = input.source.kind === 'template' ? choices.templates.find((t) => t.id === input.source.id) : choices.baseImages.find((d) => d.id === input.source.id);
  if (!source) throw new ActionRefusal('portalAdmin.errors.sourceGone');
  if (!choices.clusters.some((c) => c.id === input.clusterId)) throw new ActionRefusal('portalAdmin.errors.clusterGone');
  if (input.source.kind === 'image' && !choices.storageDomains.some((d) => d.id === input.storageDomainId)) throw new ActionRefusal('portalAdmin.errors.storageDomainGone');
  if (input.source.kind === 'image' && !choices.vnicProfiles.some((p) => p.id === input.networkId)) throw new ActionRefusal('portalAdmin.errors.networkGone');
  return db.catalogItem
    .create({
      data: {
        name: input.name,
        description: input.description ?? null,
        connectionId,
        sourceKind: input.source.kind,
        sourceId: input.source.id,
        clusterId: input.clusterId,
        storageDomainId: input.source.kind === 'image' ? input.storageDomainId! : null,
        networkId: input.source.kind === 'image' ? input.networkId! : null,
        minDiskGiB: input.minDiskGiB,
      },
    })
    .catch(nameTaken);
}

export async function setCatalogPublished(id: string, published: boolean) {
  const { count } = await db.catalogItem.updateMany({ where: { id }, data: { published } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

export async function deleteCatalogItem(id: string) {
  const { count } = await db.catalogItem.deleteMany({ where: { id } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

// ---------------------------------------------------------------- flavors

export async function listFlavors() {
  return db.flavor.findMany({ orderBy: [{ vcpus: 'asc' }, { memoryMiB: 'asc' }, { name: 'asc' }] });
}

export async function createFlavor(input: z.infer<typeof flavorSchema>) {
  return db.flavor.create({ data: input }).catch(nameTaken);
}

export async function deleteFlavor(id: string) {
  const { count } = await db.flavor.deleteMany({ where: { id } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

// ---------------------------------------------------------------- groups

/** Ids and names only, for pickers: one query, where listGroups also reads members and their users. */
export async function listGroupNames() {
  return db.userGroup.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

export async function listGroups() {
  return db.userGroup.findMany({ orderBy: { name: 'asc' }, include: { members: { include: { user: { select: { id: true, username: true } } } } } });
}

export async function createGroup(name: string) {
  return db.userGroup.create({ data: { name } }).catch(nameTaken);
}

export async function deleteGroup(id: string) {
  // Its VMs stay with their owners (the foreign key sets groupId to null); its quota goes with it.
  const { count } = await db.userGroup.deleteMany({ where: { id } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
  await db.quota.deleteMany({ where: { scope: 'group', subjectId: id } });
}

export async function addGroupMember(groupId: string, userId: string) {
  const [group, user] = await Promise.all([db.userGroup.findUnique({ where: { id: groupId } }), db.user.findUnique({ where: { id: userId } })]);
  if (!group || !user) throw new ActionRefusal('portalAdmin.errors.notFound');
  await db.userGroupMember.upsert({ where: { groupId_userId: { groupId, userId } }, create: { groupId, userId }, update: {} });
  return { group: group.name, user: user.username };
}

export async function removeGroupMember(groupId: string, userId: string) {
  const { count } = await db.userGroupMember.deleteMany({ where: { groupId, userId } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

// ---------------------------------------------------------------- quotas

export async function listQuotas() {
  return db.quota.findMany({ orderBy: [{ scope: 'asc' }, { subjectId: 'asc' }] });
}

export async function setQuota(input: z.infer<typeof quotaSchema>) {
  const subjectId = input.scope === 'default' ? '' : input.subjectId;
  if (input.scope === 'user' && !(await db.user.findUnique({ where: { id: subjectId } }))) throw new ActionRefusal('portalAdmin.errors.notFound');
  if (input.scope === 'group' && !(await db.userGroup.findUnique({ where: { id: subjectId } }))) throw new ActionRefusal('portalAdmin.errors.notFound');
  const limits = { maxVms: input.maxVms, maxVcpus: input.maxVcpus, maxMemoryMiB: input.maxMemoryMiB, maxStorageGiB: input.maxStorageGiB, maxSnapshots: input.maxSnapshots };
  await db.quota.upsert({ where: { scope_subjectId: { scope: input.scope, subjectId } }, create: { scope: input.scope, subjectId, ...limits }, update: limits });
}

export async function clearQuota(scope: 'user' | 'group', subjectId: string) {
  const { count } = await db.quota.deleteMany({ where: { scope, subjectId } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

// ---------------------------------------------------------------- ownership (admins)

/**
 * Gives a VM (found by its connection and its name, unique per engine) to a user, optionally
 * shared with a group; assigning again transfers it. What it takes from quotas is read from the
 * backend on first assignment and kept on transfer. Admins decide here: no quota refuses them.
 */
export async function assignVmOwnership(input: { connectionId: string; vmName: string; ownerId: string; groupId?: string }) {
  const [owner, group] = await Promise.all([
    db.user.findUnique({ where: { id: input.ownerId } }),
    input.groupId ? db.userGroup.findUnique({ where: { id: input.groupId } }) : Promise.resolve(null),
  ]);
  if (!owner || (input.groupId && !group)) throw new ActionRefusal('portalAdmin.errors.notFound');
  const found = await vmStateByName(input.connectionId, input.vmName);
  if (!found.vm) throw new ActionRefusal('portalAdmin.errors.vmNotFound', { name: input.vmName });
  const vm = await getVmFresh(found.vm.id);
  const existing = await db.vmOwnership.findUnique({ where: { vmId: vm.id } });
  const allocation = existing ? { vms: 1, vcpus: existing.vcpus, memoryMiB: existing.memoryMiB, storageGiB: existing.storageGiB } : allocationOf(vm);
  await recordOwnership({
    vmId: vm.id,
    vmName: vm.name,
    ownerId: owner.id,
    groupId: group?.id ?? null,
    allocation,
    catalogItemId: existing?.catalogItemId,
    flavorId: existing?.flavorId,
  });
  return { vmId: vm.id, vmName: vm.name, owner: owner.username, previousOwnerId: existing?.ownerId ?? null };
}

export async function releaseVmOwnership(vmId: string) {
  const { count } = await db.vmOwnership.deleteMany({ where: { vmId } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}

/** Gives a volume to a user (and optionally a group), or moves it; its current size counts against their storage quota. */
export async function assignVolumeOwnership(input: { volumeId: string; ownerId: string; groupId?: string }) {
  const [owner, group] = await Promise.all([
    db.user.findUnique({ where: { id: input.ownerId } }),
    input.groupId ? db.userGroup.findUnique({ where: { id: input.groupId } }) : Promise.resolve(null),
  ]);
  if (!owner || (input.groupId && !group)) throw new ActionRefusal('portalAdmin.errors.notFound');
  // A fresh read: the record keeps the backend's name and size, not what the form showed.
  const read = await readVolume(input.volumeId);
  if (!read.ok) throw new ActionRefusal('portalAdmin.errors.volumeUnreadable', { detail: read.error.message });
  const volume = read.value;
  await recordVolumeOwnership({ volumeId: volume.id, volumeName: volume.name, ownerId: owner.id, groupId: group?.id ?? null, sizeGiB: Math.ceil(volume.sizeBytes / 1024 ** 3) });
  return { volumeName: volume.name, owner: owner.username };
}

export async function releaseVolume(volumeId: string) {
  const { count } = await db.volumeOwnership.deleteMany({ where: { volumeId } });
  if (!count) throw new ActionRefusal('portalAdmin.errors.notFound');
}
