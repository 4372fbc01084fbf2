import { z } from 'zod';

// The row actions' inputs (the add/edit form and its test use connectionSchema from
// lib/validations/connection.ts). Messages are i18n keys, as there.
const id = z.string({ error: 'validation.connection.idInvalid' }).trim().min(1, { error: 'validation.connection.idInvalid' });

export const connectionIdSchema = z.object({ id });

export const setEnabledSchema = z.object({
  id,
  enabled: z.enum(['true', 'false'], { error: 'validation.connection.booleanInvalid' }).transform((v) => v === 'true'),
});

/** Removing asks for the connection's name, typed again: checked against the stored one. */
export const deleteConnectionSchema = z.object({
  id,
  confirmName: z.string().trim().min(1, { error: 'backends.removeMismatch' }),
});
