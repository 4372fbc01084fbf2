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

const ticked = z.unknown().optional().transform((v) => v === 'on' || v === 'true');

/**
 * The service switches travel only when the form shows them (`services=1`, oVirt clusters): an
 * unticked checkbox sends nothing, so without the marker "absent" could not mean "off".
 */
export const clusterEditSchema = z
  .object({
    id: qualifiedId(`${P}.idInvalid`),
    name: infraName(P),
    description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
    cpuType,
    services: z.literal('1').optional(),
    virtService: ticked,
    glusterService: ticked,
  })
  .superRefine((v, ctx) => {
    if (v.services && !v.virtService && !v.glusterService) ctx.addIssue({ code: 'custom', path: ['virtService'], message: `${P}.serviceRequired` });
  });
export type ClusterEditInput = z.infer<typeof clusterEditSchema>;

export const clusterRemoveSchema = removeSchema(P);
export type ClusterRemoveInput = z.infer<typeof clusterRemoveSchema>;
