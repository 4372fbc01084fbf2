import 'server-only';
import type http from 'node:http';
import type { BackendConfig } from '../config';
import { createAgent } from '../http/send';
import type { Backend } from '../types';
import type { OvirtContext } from './resources/context';
import { importFromExportDomain, listExportedItems } from './resources/export-domain';
import {
  addHost, createCluster, createDataCenter, listClusterLevels, removeCluster, removeDataCenter, removeHost, updateCluster, updateDataCenter,
} from './resources/infra-writes';
import {
  activateStorageDomain, attachStorageDomain, createStorageDomain, deactivateStorageDomain, detachStorageDomain, iscsiDiscover, iscsiLogin,
  listHostLuns, removeStorageDomain,
} from './resources/storage-writes';
import { cancelDiskUpload, finalizeDiskUpload, getDiskUpload, startDiskUpload, writeDiskUpload, type UploadContext } from './resources/uploads';

type InfraMethods = Required<Pick<Backend,
  | 'createDataCenter' | 'updateDataCenter' | 'removeDataCenter' | 'listClusterLevels' | 'createCluster' | 'updateCluster' | 'removeCluster'
  | 'addHost' | 'removeHost' | 'iscsiDiscover' | 'iscsiLogin' | 'listHostLuns' | 'createStorageDomain' | 'removeStorageDomain'
  | 'attachStorageDomain' | 'activateStorageDomain' | 'deactivateStorageDomain' | 'detachStorageDomain' | 'startDiskUpload' | 'getDiskUpload'
  | 'writeDiskUpload' | 'finalizeDiskUpload' | 'cancelDiskUpload' | 'listExportedItems' | 'importFromExportDomain'>>;

/** The infrastructure runbook on an engine: every method is one resource function. */
export function ovirtInfraMethods(ctx: OvirtContext, config: BackendConfig): InfraMethods & { closeInfra(): void } {
  // The image proxy (imageio, port 54323) presents a certificate from the engine's CA: same trust.
  const agents = new Map<string, http.Agent>();
  const uploadCtx: UploadContext = {
    ...ctx,
    uploadAgent(url) {
      let agent = agents.get(url.protocol);
      if (!agent) agents.set(url.protocol, (agent = createAgent(url, config)));
      return agent;
    },
  };
  return {
    createDataCenter: (input, opts) => createDataCenter(ctx, input, opts),
    updateDataCenter: (id, patch, opts) => updateDataCenter(ctx, id, patch, opts),
    removeDataCenter: (id, options, opts) => removeDataCenter(ctx, id, options, opts),
    listClusterLevels: (opts) => listClusterLevels(ctx, opts),
    createCluster: (input, opts) => createCluster(ctx, input, opts),
    updateCluster: (id, patch, opts) => updateCluster(ctx, id, patch, opts),
    removeCluster: (id, opts) => removeCluster(ctx, id, opts),
    addHost: (input, opts) => addHost(ctx, input, opts),
    removeHost: (id, opts) => removeHost(ctx, id, opts),
    iscsiDiscover: (hostId, portal, opts) => iscsiDiscover(ctx, hostId, portal, opts),
    iscsiLogin: (hostId, target, opts) => iscsiLogin(ctx, hostId, target, opts),
    listHostLuns: (hostId, opts) => listHostLuns(ctx, hostId, opts),
    createStorageDomain: (input, opts) => createStorageDomain(ctx, input, opts),
    removeStorageDomain: (id, options, opts) => removeStorageDomain(ctx, id, options, opts),
    attachStorageDomain: (id, dcId, opts) => attachStorageDomain(ctx, id, dcId, opts),
    activateStorageDomain: (id, dcId, opts) => activateStorageDomain(ctx, id, dcId, opts),
    deactivateStorageDomain: (id, dcId, opts) => deactivateStorageDomain(ctx, id, dcId, opts),
    detachStorageDomain: (id, dcId, opts) => detachStorageDomain(ctx, id, dcId, opts),
    startDiskUpload: (input, opts) => startDiskUpload(ctx, input, opts),
    getDiskUpload: (id, opts) => getDiskUpload(ctx, id, opts),
    writeDiskUpload: (id, chunk, opts) => writeDiskUpload(uploadCtx, id, chunk, opts),
    finalizeDiskUpload: (id, opts) => finalizeDiskUpload(ctx, id, opts),
    cancelDiskUpload: (id, opts) => cancelDiskUpload(ctx, id, opts),
    listExportedItems: (id, opts) => listExportedItems(ctx, id, opts),
    importFromExportDomain: (id, input, opts) => importFromExportDomain(ctx, id, input, opts),
    closeInfra: () => {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
