import 'server-only';
import type { ListQuery, Network, Page, QualifiedId } from '@/lib/domain';
import { BackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { mapLimit } from '../map-limit';
import type { CallOptions } from '../types';
import type { LibvirtContext } from './context';
import { selectPage } from './list';
import * as rpc from './rpc';
import { toNetwork } from './transform';

/** Two list calls (all, active) give every network and its state; the XML per network, pipelined. */
export async function listNetworks(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Network>> {
  const [all, active] = await Promise.all([
    rpc.listAllNetworks(ctx.transport, 0, opts?.signal),
    rpc.listAllNetworks(ctx.transport, rpc.ListFlags.ACTIVE, opts?.signal),
  ]);
  const activeNames = new Set(active.map((n) => n.name));
  const items = await mapLimit(all, 16, async (n) =>
    toNetwork(ctx.connectionId, await rpc.networkGetXmlDesc(ctx.transport, n, opts?.signal), activeNames.has(n.name)),
  );
  return selectPage(items, query, { filters: { status: (n, v) => n.status === v || n.nativeStatus === v } });
}

export async function getNetwork(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Network> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'network');
  if (!nativeId.startsWith('network:')) throw new BackendError('not_found', 'Network not found on this connection.');
  const net = await rpc.networkLookupByName(ctx.transport, nativeId.slice('network:'.length), opts?.signal);
  const [xml, active] = await Promise.all([
    rpc.networkGetXmlDesc(ctx.transport, net, opts?.signal),
    rpc.networkIsActive(ctx.transport, net, opts?.signal),
  ]);
  return toNetwork(ctx.connectionId, xml, active);
}
