'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { roleAction, type ActionState } from '@/lib/actions/action';
import type { HostLun, IscsiTarget } from '@/lib/backends/infra-types';
import {
  attachStorageDomain, createStorageDomain, discoverIscsi, hostLuns, importExported, loginIscsi, removeStorageDomain, setStorageDomainState,
} from '@/lib/services/infra-operations';
import {
  hostLunsSchema, iscsiDiscoverSchema, iscsiLoginSchema, storageAttachSchema, storageDomainCreateSchema, storageRemoveSchema, storageStateSchema,
} from '@/lib/validations/storage-domain';
import { exportImportSchema } from '@/lib/validations/storage-domain-import';

const PAGE = '/storage';

export const createStorageDomainAction = roleAction(
  { role: 'admin', schema: storageDomainCreateSchema, audit: 'storagedomains.create', target: (i) => ({ type: 'storage_domain', name: i.name }) },
  async (input) => {
    const sd = await createStorageDomain(input);
    revalidatePath(PAGE, 'layout');
    return { message: 'storageActions.created', values: { name: sd.name } };
  },
);

export const attachStorageDomainAction = roleAction(
  { role: 'admin', schema: storageAttachSchema, audit: 'storagedomains.attach', target: (i) => ({ type: 'storage_domain', id: i.id }) },
  async (input) => {
    await attachStorageDomain(input.id, input.dataCenterId);
    revalidatePath(PAGE, 'layout');
    return { message: 'storageActions.attachStarted' };
  },
);

export const storageDomainStateAction = roleAction(
  { role: 'admin', schema: storageStateSchema, audit: 'storagedomains.state', target: (i) => ({ type: 'storage_domain', id: i.id, name: i.op }) },
  async (input) => {
    await setStorageDomainState(input);
    revalidatePath(PAGE, 'layout');
    return { message: `storageActions.${input.op}Started` };
  },
);

export const removeStorageDomainAction = roleAction(
  { role: 'admin', schema: storageRemoveSchema, audit: 'storagedomains.remove', target: (i) => ({ type: 'storage_domain', id: i.id, name: i.name }) },
  async (input) => {
    await removeStorageDomain(input.id, input.hostId, input.format);
    revalidatePath(PAGE, 'layout');
    return { message: 'storageActions.removed', values: { name: input.name } };
  },
);

export const importExportedAction = roleAction(
  { role: 'admin', schema: exportImportSchema, audit: 'storagedomains.import', target: (i) => ({ type: i.kind, id: i.itemId, name: i.name ?? null }) },
  async (input) => {
    await importExported(input);
    revalidatePath(PAGE, 'layout');
    return { message: 'exportImport.started' };
  },
);

// ───────── steps of the iSCSI/FC form that answer with data (targets, LUNs) ─────────

export interface SanState extends ActionState {
  targets?: IscsiTarget[];
  luns?: HostLun[];
}

/** roleAction (role, validation, audit) around a body whose data the form needs back. */
async function withData<S extends z.ZodType>(
  options: { schema: S; audit: string },
  body: (input: z.infer<S>, out: SanState) => Promise<{ message: string; values?: Record<string, string | number> }>,
  prev: SanState | undefined,
  formData: FormData,
): Promise<SanState> {
  const out: SanState = {};
  const action = roleAction({ role: 'admin', ...options, target: () => ({ type: 'host' }) }, (input) => body(input, out));
  const state = await action(prev, formData);
  return state.ok ? { ...state, ...out } : state;
}

export async function discoverIscsiAction(prev: SanState | undefined, formData: FormData): Promise<SanState> {
  return withData({ schema: iscsiDiscoverSchema, audit: 'hosts.iscsiDiscover' }, async (input, out) => {
    out.targets = await discoverIscsi(input.hostId, { address: input.address, port: input.port });
    return { message: 'storageActions.discovered', values: { count: out.targets.length } };
  }, prev, formData);
}

export async function loginIscsiAction(prev: SanState | undefined, formData: FormData): Promise<SanState> {
  return withData({ schema: iscsiLoginSchema, audit: 'hosts.iscsiLogin' }, async (input, out) => {
    out.luns = await loginIscsi(input.hostId, { address: input.address, port: input.port, target: input.target, username: input.username, password: input.password });
    return { message: 'storageActions.loggedIn', values: { count: out.luns.length } };
  }, prev, formData);
}

export async function hostLunsAction(prev: SanState | undefined, formData: FormData): Promise<SanState> {
  return withData({ schema: hostLunsSchema, audit: 'hosts.listLuns' }, async (input, out) => {
    out.luns = await hostLuns(input.hostId);
    return { message: 'storageActions.lunsListed', values: { count: out.luns.length } };
  }, prev, formData);
}
