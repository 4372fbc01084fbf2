import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import {
  changeRoleSchema,
  createUserSchema,
  loginSchema,
  newPasswordSchema,
  resetPasswordSchema,
  setDisabledSchema,
  setupSchema,
  usernameSchema,
} from './users';

/** field -> message key of the first issue, as roleAction reports them. */
function refusals(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
  return out;
}

function lookup(catalog: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

const longEnough = 'x'.repeat(MIN_PASSWORD_LENGTH);

describe('password policy', () => {
  it(`accepts ${MIN_PASSWORD_LENGTH} characters and refuses one fewer`, () => {
    expect(newPasswordSchema.safeParse(longEnough).success).toBe(true);
    expect(refusals(newPasswordSchema, longEnough.slice(1))).toEqual({ form: 'validation.passwordTooShort' });
  });

  it('refuses absurdly long passwords (scrypt would hash them at length)', () => {
    expect(newPasswordSchema.safeParse('x'.repeat(1024)).success).toBe(true);
    expect(refusals(newPasswordSchema, 'x'.repeat(1025))).toEqual({ form: 'validation.passwordTooLong' });
  });

  it('keeps spaces: a passphrase is not trimmed into a shorter one', () => {
    const parsed = newPasswordSchema.parse('  eight ch  ');
    expect(parsed).toBe('  eight ch  ');
  });

  it('says the same minimum in both languages as the policy enforces', () => {
    expect(lookup(en, 'validation.passwordTooShort')).toContain(String(MIN_PASSWORD_LENGTH));
    expect(lookup(zh, 'validation.passwordTooShort')).toContain(String(MIN_PASSWORD_LENGTH));
  });
});

describe('usernames', () => {
  it('trims and accepts letters, digits and . _ @ -', () => {
    expect(usernameSchema.parse('  ops.team_1@site-a ')).toBe('ops.team_1@site-a');
  });

  it.each([
    ['', 'validation.usernameRequired'],
    ['   ', 'validation.usernameRequired'],
    ['.hidden', 'validation.usernameInvalid'],
    ['-dash', 'validation.usernameInvalid'],
    ['two words', 'validation.usernameInvalid'],
    ['semi;colon', 'validation.usernameInvalid'],
    ['名字', 'validation.usernameInvalid'],
    ['a'.repeat(65), 'validation.usernameTooLong'],
  ])('refuses %j', (input, key) => {
    expect(refusals(usernameSchema, input)).toEqual({ form: key });
  });
});

describe('user forms', () => {
  it('creates a user from the form fields, an empty display name meaning none', () => {
    expect(createUserSchema.parse({ username: 'bob', displayName: '  ', password: longEnough, role: 'user' })).toEqual({
      username: 'bob',
      displayName: null,
      password: longEnough,
      role: 'user',
    });
    expect(createUserSchema.parse({ username: 'bob', displayName: ' Bob B. ', password: longEnough, role: 'admin' }).displayName).toBe('Bob B.');
  });

  it('reports every wrong field of the create form at once', () => {
    expect(refusals(createUserSchema, { username: 'no spaces', displayName: 'x'.repeat(129), password: 'short', role: 'root' })).toEqual({
      username: 'validation.usernameInvalid',
      displayName: 'validation.tooLong',
      password: 'validation.passwordTooShort',
      role: 'validation.roleInvalid',
    });
  });

  it('knows only the two roles', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'user' }).success).toBe(true);
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'admin' }).success).toBe(true);
    expect(refusals(changeRoleSchema, { userId: 'u1', role: 'superuser' })).toEqual({ role: 'validation.roleInvalid' });
  });

  it('applies the password policy to a reset too', () => {
    expect(refusals(resetPasswordSchema, { userId: 'u1', password: 'short' })).toEqual({ password: 'validation.passwordTooShort' });
    expect(refusals(resetPasswordSchema, { password: longEnough })).toHaveProperty('userId');
  });

  it('reads the disable switch from form text, refusing anything but true/false', () => {
    expect(setDisabledSchema.parse({ userId: 'u1', disabled: 'true' }).disabled).toBe(true);
    expect(setDisabledSchema.parse({ userId: 'u1', disabled: 'false' }).disabled).toBe(false);
    expect(setDisabledSchema.safeParse({ userId: 'u1', disabled: 'yes' }).success).toBe(false);
  });

  it('makes the first admin confirm the password', () => {
    const base = { token: 't', username: 'first', password: longEnough };
    expect(setupSchema.safeParse({ ...base, confirm: longEnough }).success).toBe(true);
    expect(refusals(setupSchema, { ...base, confirm: `${longEnough}!` })).toEqual({ confirm: 'validation.passwordMismatch' });
  });

  it('signs in with any stored password length, but not an empty one', () => {
    // Users created before a stricter policy must still be able to sign in.
    expect(loginSchema.safeParse({ username: 'old', password: 'short' }).success).toBe(true);
    expect(refusals(loginSchema, { username: ' ', password: '' })).toEqual({
      username: 'validation.usernameRequired',
      password: 'validation.passwordRequired',
    });
  });

  it('uses only message keys that both catalogs translate', () => {
    const keys = new Set<string>();
    const collect = (schema: z.ZodType, input: unknown) => Object.values(refusals(schema, input)).forEach((k) => keys.add(k));
    collect(createUserSchema, { username: '', displayName: 'x'.repeat(129), password: '', role: 'x' });
    collect(createUserSchema, { username: '.x', password: 'x'.repeat(1025), role: 'user' });
    collect(createUserSchema, { username: 'a'.repeat(65), password: longEnough, role: 'user' });
    collect(setupSchema, { token: 't', username: 'a', password: longEnough, confirm: '' });
    collect(loginSchema, { username: '', password: '' });
    expect(keys.size).toBeGreaterThanOrEqual(9);
    for (const key of keys) {
      expect(typeof lookup(en, key), `${key} in en.json`).toBe('string');
      expect(typeof lookup(zh, key), `${key} in zh-CN.json`).toBe('string');
    }
  });
});
