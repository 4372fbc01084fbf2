import 'server-only';
import type { Network } from '@/lib/domain';
import { NetworkTransform } from '../transform';
import type { CollectionSpec } from './collection';

export const NETWORKS: CollectionSpec<Network> = {
  path: '/networks',
  key: 'network',
  what: 'Network',
  search: {
    fields: { name: 'name', dataCenter: 'datacenter' },
    sortFields: { name: 'name' },
    textField: 'name',
    defaultSort: 'name',
  },
  toInternal: NetworkTransform.toInternal,
};
