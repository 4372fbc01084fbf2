import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { ROLES } from '@/lib/auth/roles';

// Messages are i18n keys: the form and the action translate them into the user's language.
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'validation.usernameRequired')
  .max(64, 'validation.usernameTooLong')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'validation.usernameInvalid');

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, 'validation.passwordTooShort')
  .max(1024, 'validation.passwordTooLong');

export const loginSchema = z.object({
  // No NUL: the username is stored (throttle keys, the audit log) and PostgreSQL text cannot hold one.
  username: z.string().trim().min(1, 'validation.usernameRequired').max(128).regex(/^[^\u0000]*$/, 'validation.nulCharacter'),
  password: z.string().min(1, 'validation.passwordRequired').max(1024),
  callbackUrl: z.string().optional(),
});

export const setupSchema = z
  .object({
    token: z.string().min(1),
    username: usernameSchema,
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: 'validation.passwordMismatch', path: ['confirm'] });

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(128, 'validation.tooLong').optional().transform((v) => v || null),
  password: newPasswordSchema,
  role: z.enum(ROLES, { message: 'validation.roleInvalid' }),
});

export const userIdSchema = z.object({ userId: z.string().min(1).max(64) });

export const resetPasswordSchema = userIdSchema.extend({ password: newPasswordSchema });

export const changeRoleSchema = userIdSchema.extend({ role: z.enum(ROLES, { message: 'validation.roleInvalid' }) });

export const setDisabledSchema = userIdSchema.extend({ disabled: z.enum(['true', 'false']).transform((v) => v === 'true') });

export const unlockUserSchema = userIdSchema;
