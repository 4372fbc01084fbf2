import { z } from 'zod';
import { COMPAT_VERSIONS, DESCRIPTION_MAX, infraName, optionalText, qualifiedId, removeSchema } from './datacenter';

/** THE cluster forms (create, edit, remove), shared by the form and the server action. */

const P = 'clusterActions.errors';
const cpuType = z.string({ error: `${P}.cpuTypeRequired` }).trim().min(1, { error: `${P}.cpuTypeRequired` }).max(128, { error: `${P}.cpuTypeRequired` });

export const clusterCreateSchema = z.object({
  dataCenterId: qualifiedId(`${P}.dataCenterRequired`),
  name: infraName(P),
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  cpuType,
  version: z.enum(COMPAT_VERSIONS, { error: `${P}.versionInvalid` }),
});
export type ClusterCreateInput = z.infer<typeof clusterCreateSchema>;

export const clusterEditSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  name: infraName(P),
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  cpuType,
});
export type ClusterEditInput = z.infer<typeof clusterEditSchema>;

export const clusterRemoveSchema = removeSchema(P);
export type ClusterRemoveInput = z.infer<typeof clusterRemoveSchema>;
