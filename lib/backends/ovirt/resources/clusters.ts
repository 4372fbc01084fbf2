import 'server-only';
import type { Cluster } from '@/lib/domain';
import { ClusterTransform } from '../transform';
import type { CollectionSpec } from './collection';

export const CLUSTERS: CollectionSpec<Cluster> = {
  path: '/clusters',
  key: 'cluster',
  what: 'Cluster',
  search: {
    fields: { name: 'name', dataCenter: 'datacenter' },
    sortFields: { name: 'name' },
    textField: 'name',
    defaultSort: 'name',
  },
  toInternal: ClusterTransform.toInternal,
};
