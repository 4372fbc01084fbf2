import 'server-only';
import type { Template } from '@/lib/domain';
import { TemplateTransform } from '../transform';
import type { CollectionSpec } from './collection';

export const TEMPLATES: CollectionSpec<Template> = {
  path: '/templates',
  key: 'template',
  what: 'Template',
  search: {
    fields: { name: 'name', status: 'status', cluster: 'cluster', dataCenter: 'datacenter' },
    sortFields: { name: 'name' },
    textField: 'name',
    defaultSort: 'name',
  },
  toInternal: TemplateTransform.toInternal,
};
