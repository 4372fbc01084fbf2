import { z } from 'zod';
import { DESCRIPTION_MAX, infraName, optionalText, qualifiedId, removeSchema } from './datacenter';

/** THE add-host form, shared by the form and the server action. */

const P = 'hostAdd.errors';
/** Host names, IPv4 and IPv6 literals: what the engine's validator lets through. */
const ADDRESS = /^[A-Za-z0-9.:-]+$/;

export const hostAddSchema = z
  .object({
    clusterId: qualifiedId(`${P}.clusterRequired`),
    name: infraName(P),
    address: z
      .string({ error: `${P}.addressRequired` })
      .trim()
      .min(1, { error: `${P}.addressRequired` })
      .max(255, { error: `${P}.addressInvalid` })
      .regex(ADDRESS, { error: `${P}.addressInvalid` }),
    sshPort: z.preprocess(
      (v) => (v === '' || v === undefined || v === null ? 22 : Number(v)),
      z.number({ error: `${P}.portInvalid` }).int({ error: `${P}.portInvalid` }).min(1, { error: `${P}.portInvalid` }).max(65535, { error: `${P}.portInvalid` }),
    ),
    authMethod: z.enum(['password', 'publickey'], { error: `${P}.authInvalid` }),
    password: z.string().max(1024, { error: `${P}.passwordTooLong` }).optional(),
    description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
    // A checkbox: present ("on"/"true") = also deploy the hosted-engine HA services.
    deployHostedEngine: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).optional(),
  })
  .refine((v) => v.authMethod !== 'password' || (v.password ?? '').length > 0, { error: `${P}.passwordRequired`, path: ['password'] });
export type HostAddFormInput = z.infer<typeof hostAddSchema>;

export const hostRemoveSchema = removeSchema('hostAdd.errors');
export type HostRemoveInput = z.infer<typeof hostRemoveSchema>;
