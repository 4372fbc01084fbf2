import 'server-only';
import { mapLimit } from '../../map-limit';
import type { CallOptions, IsoFile, VnicProfile } from '../../types';
import { asString, asText, listOf } from '../coerce';
import { toVnicProfile } from '../network-transform';
import { toRef } from '../transform';
import type { OvirtContext } from './context';

/** What the create wizard offers: ISO images and vNIC profiles. Small collections, read whole. */

const ISO_DOMAIN_CONCURRENCY = 4;

export async function listIsoFiles(ctx: OvirtContext, opts: CallOptions = {}): Promise<IsoFile[]> {
  const domains = listOf(await ctx.transport.get('/storagedomains', { search: 'type=iso' }, opts.signal), 'storage_domain');
  const perDomain = await mapLimit(domains, ISO_DOMAIN_CONCURRENCY, async (sd) => {
    const sdId = asString(sd.id);
    if (!sdId) return [];
    const storageDomain = toRef(sd, ctx.connectionId)!;
    const dataCenter = toRef(listOf(sd.data_centers, 'data_center')[0], ctx.connectionId);
    const files = listOf(await ctx.transport.get(`/storagedomains/${encodeURIComponent(sdId)}/files`, undefined, opts.signal), 'file');
    return files.flatMap((f): IsoFile[] => {
      const id = asString(f.id);
      if (!id) return [];
      return [{ id, name: asText(f.name) ?? id, storageDomain, ...(dataCenter ? { dataCenter } : {}) }];
    });
  });
  return perDomain.flat().sort((a, b) => a.name.localeCompare(b.name));
}

/** Every vNIC profile the identity may use, with its network, data center and filter (followed, one request). */
export async function listVnicProfiles(ctx: OvirtContext, opts: CallOptions = {}): Promise<VnicProfile[]> {
  // The filter is linked by id only: followed, it carries its name.
  const body = await ctx.transport.get('/vnicprofiles', { follow: 'network,network_filter' }, opts.signal);
  return listOf(body, 'vnic_profile')
    .filter((p) => asString(p.id))
    .map((p) => toVnicProfile(p, ctx.connectionId));
}
