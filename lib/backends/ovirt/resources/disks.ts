import 'server-only';
import type { Disk } from '@/lib/domain';
import { DiskTransform } from '../transform';
import type { CollectionSpec } from './collection';

export const DISKS: CollectionSpec<Disk> = {
  path: '/disks',
  key: 'disk',
  what: 'Disk',
  search: {
    // Disks are searched by alias, the name users see.
    fields: { name: 'alias', status: 'status' },
    sortFields: { name: 'alias' },
    textField: 'alias',
    defaultSort: 'alias',
  },
  toInternal: DiskTransform.toInternal,
};
