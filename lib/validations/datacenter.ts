import { z } from 'zod';
import { parseQualifiedId } from '@/lib/domain/ids';

/**
 * THE data center forms (create, edit, remove), parsed by the form and again by the server
 * action. Messages are i18n keys. The field helpers here are shared by the other infrastructure
 * forms (cluster, host, storage domain, upload, import).
 */

/** The engine's rule for object names: letters, digits, _ - . (see its "special characters" fault). */
export const INFRA_NAME = /^[A-Za-z0-9_.-]+$/;
export const INFRA_NAME_MAX = 40;
export const DESCRIPTION_MAX = 255;
export const COMPAT_VERSIONS = ['4.6', '4.7'] as const;

const emptyToUndefined = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes']);

/** An HTML checkbox: present ("on") is true, absent is false. */
export const checkbox = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? TRUE_WORDS.has(v.trim().toLowerCase()) : false));

export function infraName(prefix: string) {
  return z
    .string({ error: `${prefix}.nameRequired` })
    .trim()
    .min(1, { error: `${prefix}.nameRequired` })
    .max(INFRA_NAME_MAX, { error: `${prefix}.nameTooLong` })
    .regex(INFRA_NAME, { error: `${prefix}.nameInvalid` });
}

export function optionalText(max: number, error: string) {
  return z.preprocess(emptyToUndefined, z.string().trim().max(max, { error }).optional());
}

/** A qualified id (`connection:native`) as the pages hand them out. */
export function qualifiedId(error: string) {
  return z.string({ error }).refine((v) => parseQualifiedId(v) !== undefined, { error });
}

/** The connection part of a qualified id. */
export function connectionOf(id: string): string {
  return parseQualifiedId(id)!.connectionId;
}

const P = 'dcActions.errors';

export const dataCenterCreateSchema = z.object({
  connectionId: z.string({ error: `${P}.connectionRequired` }).min(1, { error: `${P}.connectionRequired` }).regex(/^[^:\s]+$/, { error: `${P}.connectionRequired` }),
  name: infraName(P),
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  storageType: z.enum(['shared', 'local'], { error: `${P}.storageTypeInvalid` }),
  version: z.enum(COMPAT_VERSIONS, { error: `${P}.versionInvalid` }),
});
export type DataCenterCreateInput = z.infer<typeof dataCenterCreateSchema>;

export const dataCenterEditSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  name: infraName(P),
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
});
export type DataCenterEditInput = z.infer<typeof dataCenterEditSchema>;

/** Removal is confirmed by typing the object's name (the form compares, the action checks again). */
export const removeSchema = (prefix: string) =>
  z.object({
    id: qualifiedId(`${prefix}.idInvalid`),
    name: z.string(),
    confirmName: z.string({ error: `${prefix}.confirmMismatch` }),
  }).refine((v) => v.confirmName.trim() === v.name, { error: `${prefix}.confirmMismatch`, path: ['confirmName'] });

export const dataCenterRemoveSchema = removeSchema(P).and(z.object({ force: checkbox }));
export type DataCenterRemoveInput = z.infer<typeof dataCenterRemoveSchema>;
