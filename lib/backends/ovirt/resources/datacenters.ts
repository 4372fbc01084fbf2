import 'server-only';
import type { DataCenter } from '@/lib/domain';
import { DATA_CENTER_STATUS, DataCenterTransform } from '../transform';
import type { CollectionSpec } from './collection';

export const DATA_CENTERS: CollectionSpec<DataCenter> = {
  path: '/datacenters',
  key: 'data_center',
  what: 'Data center',
  search: {
    fields: { name: 'name', status: 'status' },
    sortFields: { name: 'name', status: 'status' },
    statusTable: DATA_CENTER_STATUS,
    textField: 'name',
    defaultSort: 'name',
  },
  toInternal: DataCenterTransform.toInternal,
};
