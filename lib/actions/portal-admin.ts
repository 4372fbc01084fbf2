'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import {
  addGroupMember,
  assignVmOwnership,
  clearQuota,
  createCatalogItem,
  createFlavor,
  createGroup,
  deleteCatalogItem,
  deleteFlavor,
  deleteGroup,
  releaseVmOwnership,
  assignVolumeOwnership,
  releaseVolume,
  removeGroupMember,
  setCatalogPublished,
  setQuota,
} from '@/lib/services/portal-catalog';
import {
  catalogItemIdSchema,
  catalogItemSchema,
  catalogPublishSchema,
  flavorIdSchema,
  flavorSchema,
  groupIdSchema,
  groupMemberSchema,
  groupSchema,
  ownershipAssignSchema,
  ownershipReleaseSchema,
  quotaClearSchema,
  quotaSchema,
  volumeOwnershipAssignSchema,
  volumeOwnershipReleaseSchema,
} from '@/lib/validations/portal';

/**
 * The self-service portal's setup, for admins only: the catalog, flavors, groups, quotas and who
 * owns which VM. Each goes through roleAction (admin, zod, one audit entry named portalAdmin.*).
 */

const PAGE = '/admin/portal';
const done = () => revalidatePath(PAGE);

export const catalogCreateAction = roleAction(
  { role: 'admin', schema: catalogItemSchema, audit: 'portalAdmin.catalog.create', target: (i) => ({ type: 'catalogItem', id: i.source.id, name: i.name }) },
  async (input) => {
    await createCatalogItem(input);
    done();
    return { message: 'portalAdmin.catalog.created', values: { name: input.name } };
  },
);

export const catalogPublishAction = roleAction(
  { role: 'admin', schema: catalogPublishSchema, audit: 'portalAdmin.catalog.publish', target: (i) => ({ type: 'catalogItem', id: i.id, name: String(i.published) }) },
  async (input) => {
    await setCatalogPublished(input.id, input.published);
    done();
    return { message: input.published ? 'portalAdmin.catalog.publishedDone' : 'portalAdmin.catalog.unpublishedDone' };
  },
);

export const catalogDeleteAction = roleAction(
  { role: 'admin', schema: catalogItemIdSchema, audit: 'portalAdmin.catalog.delete', target: (i) => ({ type: 'catalogItem', id: i.id }) },
  async (input) => {
    await deleteCatalogItem(input.id);
    done();
    return { message: 'portalAdmin.catalog.deleted' };
  },
);

export const flavorCreateAction = roleAction(
  { role: 'admin', schema: flavorSchema, audit: 'portalAdmin.flavor.create', target: (i) => ({ type: 'flavor', name: i.name }) },
  async (input) => {
    await createFlavor(input);
    done();
    return { message: 'portalAdmin.flavors.created', values: { name: input.name } };
  },
);

export const flavorDeleteAction = roleAction(
  { role: 'admin', schema: flavorIdSchema, audit: 'portalAdmin.flavor.delete', target: (i) => ({ type: 'flavor', id: i.id }) },
  async (input) => {
    await deleteFlavor(input.id);
    done();
    return { message: 'portalAdmin.flavors.deleted' };
  },
);

export const groupCreateAction = roleAction(
  { role: 'admin', schema: groupSchema, audit: 'portalAdmin.group.create', target: (i) => ({ type: 'group', name: i.name }) },
  async (input) => {
    await createGroup(input.name);
    done();
    return { message: 'portalAdmin.groups.created', values: { name: input.name } };
  },
);

export const groupDeleteAction = roleAction(
  { role: 'admin', schema: groupIdSchema, audit: 'portalAdmin.group.delete', target: (i) => ({ type: 'group', id: i.id }) },
  async (input) => {
    await deleteGroup(input.id);
    done();
    return { message: 'portalAdmin.groups.deleted' };
  },
);

export const groupAddMemberAction = roleAction(
  { role: 'admin', schema: groupMemberSchema, audit: 'portalAdmin.group.addMember', target: (i) => ({ type: 'group', id: i.groupId, name: i.userId }) },
  async (input) => {
    const { group, user } = await addGroupMember(input.groupId, input.userId);
    done();
    return { message: 'portalAdmin.groups.memberAdded', values: { group, user } };
  },
);

export const groupRemoveMemberAction = roleAction(
  { role: 'admin', schema: groupMemberSchema, audit: 'portalAdmin.group.removeMember', target: (i) => ({ type: 'group', id: i.groupId, name: i.userId }) },
  async (input) => {
    await removeGroupMember(input.groupId, input.userId);
    done();
    return { message: 'portalAdmin.groups.memberRemoved' };
  },
);

export const quotaSetAction = roleAction(
  { role: 'admin', schema: quotaSchema, audit: 'portalAdmin.quota.set', target: (i) => ({ type: `quota.${i.scope}`, id: i.subjectId || null }) },
  async (input) => {
    await setQuota(input);
    done();
    return { message: 'portalAdmin.quotas.saved' };
  },
);

export const quotaClearAction = roleAction(
  { role: 'admin', schema: quotaClearSchema, audit: 'portalAdmin.quota.clear', target: (i) => ({ type: `quota.${i.scope}`, id: i.subjectId }) },
  async (input) => {
    await clearQuota(input.scope, input.subjectId);
    done();
    return { message: 'portalAdmin.quotas.cleared' };
  },
);

export const ownershipAssignAction = roleAction(
  { role: 'admin', schema: ownershipAssignSchema, audit: 'portalAdmin.ownership.assign', target: (i) => ({ type: 'vm', name: i.vmName }) },
  async (input) => {
    const result = await assignVmOwnership(input);
    done();
    return { message: 'portalAdmin.ownership.assigned', values: { vm: result.vmName, owner: result.owner } };
  },
);

export const ownershipReleaseAction = roleAction(
  { role: 'admin', schema: ownershipReleaseSchema, audit: 'portalAdmin.ownership.release', target: (i) => ({ type: 'vm', id: i.vmId }) },
  async (input) => {
    await releaseVmOwnership(input.vmId);
    done();
    return { message: 'portalAdmin.ownership.released' };
  },
);

// A VM's page and a volume's page carry the same control; they show the change at once.
function doneOn(path: string) {
  done();
  revalidatePath(path);
}

export const volumeOwnershipAssignAction = roleAction(
  { role: 'admin', schema: volumeOwnershipAssignSchema, audit: 'portalAdmin.volumeOwnership.assign', target: (i) => ({ type: 'volume', id: i.volumeId }) },
  async (input) => {
    const result = await assignVolumeOwnership(input);
    doneOn(`/volumes/${encodeURIComponent(input.volumeId)}`);
    return { message: 'portalAdmin.ownership.assigned', values: { vm: result.volumeName, owner: result.owner } };
  },
);

export const volumeOwnershipReleaseAction = roleAction(
  { role: 'admin', schema: volumeOwnershipReleaseSchema, audit: 'portalAdmin.volumeOwnership.release', target: (i) => ({ type: 'volume', id: i.volumeId }) },
  async (input) => {
    await releaseVolume(input.volumeId);
    doneOn(`/volumes/${encodeURIComponent(input.volumeId)}`);
    return { message: 'portalAdmin.ownership.releasedVolume' };
  },
);
