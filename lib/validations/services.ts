import { z } from 'zod';
import { qualifiedIdSchema } from './vm';

/** THE inputs of the hosted-engine and service-health actions, shared by the forms and the actions. */

const P = 'services.errors';

/** Cinder names a service by host and binary; its schema caps both at 255 characters. */
const serviceField = (key: string) => z.string({ error: `${P}.${key}` }).trim().min(1, { error: `${P}.${key}` }).max(255, { error: `${P}.${key}` });

export const serviceEnabledSchema = z
  .object({
    connectionId: z.string({ error: `${P}.connection` }).min(1, { error: `${P}.connection` }).regex(/^[^:\s]+$/, { error: `${P}.connection` }),
    host: serviceField('host'),
    binary: serviceField('binary'),
    enabled: z.enum(['true', 'false'], { error: `${P}.invalid` }).transform((v) => v === 'true'),
    // Cinder refuses an empty or blank reason (and more than 255 characters): checked before sending.
    reason: z.string().trim().max(255, { error: `${P}.reasonTooLong` }).optional(),
  })
  .refine((v) => v.enabled || (v.reason ?? '').length > 0, { error: `${P}.reasonRequired`, path: ['reason'] });
export type ServiceEnabledInput = z.infer<typeof serviceEnabledSchema>;

export const globalMaintenanceSchema = z.object({
  /** The engine VM (the engine refuses any other). */
  vmId: qualifiedIdSchema,
  enabled: z.enum(['true', 'false'], { error: 'hostedEngine.errors.invalid' }).transform((v) => v === 'true'),
});
export type GlobalMaintenanceInput = z.infer<typeof globalMaintenanceSchema>;
