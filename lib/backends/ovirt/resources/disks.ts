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
    // `storageDomain` (a domain's name) is the engine's `storage=`: the disks a storage page lists.
    fields: { name: 'alias', status: 'status', storageDomain: 'storage' },
    sortFields: { name: 'alias' },
    textField: 'alias',
    defaultSort: 'alias',
  },
  toInternal: DiskTransform.toInternal,
};
