import { z } from 'zod';
import { checkbox, infraName, qualifiedId } from './datacenter';

/** THE export domain import form, shared by the form and the server action. */

const P = 'exportImport.errors';

export const exportImportSchema = z
  .object({
    exportDomainId: qualifiedId(`${P}.idInvalid`),
    itemId: qualifiedId(`${P}.idInvalid`),
    kind: z.enum(['vm', 'template'], { error: `${P}.idInvalid` }),
    clusterId: qualifiedId(`${P}.clusterRequired`),
    storageDomainId: qualifiedId(`${P}.storageRequired`),
    clone: checkbox,
    name: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), infraName(P).optional()),
  })
  .refine((v) => !v.clone || v.name !== undefined, { error: `${P}.nameRequired`, path: ['name'] });
export type ExportImportInput = z.infer<typeof exportImportSchema>;
