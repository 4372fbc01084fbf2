import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidSecretError, MissingSecretsError, ensureSecrets } from './secrets';

const ROOT = path.resolve(__dirname, '../..');
const HEX = 'ab'.repeat(32);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-secrets-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, 'secrets.json');
/** An environment of just these variables (Next's types make NODE_ENV mandatory on ProcessEnv). */
const envOf = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ ...vars }) as NodeJS.ProcessEnv;
const production = { allowGenerated: false };
const development = { allowGenerated: true };

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected ensureSecrets to refuse');
}

describe('production (nothing generated)', () => {
  it.each([
    [{}, 'AUTH_SECRET and SECRET_KEY'],
    [{ AUTH_SECRET: HEX }, 'SECRET_KEY'],
    [{ SECRET_KEY: HEX }, 'AUTH_SECRET'],
    [{ AUTH_SECRET: HEX, SECRET_KEY: '' }, 'SECRET_KEY'],
  ])('%o → refuses, naming %s, and writes nothing', (given, named) => {
    const env = envOf({ DATA_DIR: dir, ...given });
    const error = refusal(() => ensureSecrets(production, env));
    expect(error).toBeInstanceOf(MissingSecretsError);
    expect(error.message).toBe(
      `Refusing to start: ${named} must be set in production (for example: openssl rand -hex 32). See README.md, "Configuration".`,
    );
    expect(fs.existsSync(file())).toBe(false);
  });

  it('both set in an accepted form: starts, generates nothing', () => {
    const env = envOf({ DATA_DIR: dir, AUTH_SECRET: HEX, SECRET_KEY: HEX });
    expect(ensureSecrets(production, env)).toEqual([]);
    expect(env).toMatchObject({ AUTH_SECRET: HEX, SECRET_KEY: HEX });
    expect(fs.existsSync(file())).toBe(false);
  });
});

describe('SECRET_KEY format', () => {
  const raw = randomBytes(32);
  it.each([
    ['64 hex characters', HEX],
    ['base64 of 32 bytes', raw.toString('base64')],
    ['base64url of 32 bytes', raw.toString('base64url')],
    ['a passphrase of 32 characters', 'p'.repeat(32)],
    ['a longer passphrase with spaces', 'correct horse battery staple and then some'],
    ['32 hex characters (taken as a passphrase)', 'ab'.repeat(16)],
  ])('accepts %s', (_title, key) => {
    expect(ensureSecrets(production, envOf({ DATA_DIR: dir, AUTH_SECRET: HEX, SECRET_KEY: key }))).toEqual([]);
  });

  it.each([
    ['a short word', 'changeme', 8],
    ['31 characters', 'p'.repeat(31), 31],
    ['hex of 15 bytes', 'ab'.repeat(15), 30],
    ['spaces only', '   ', 0],
  ])('refuses %s, saying why, in production and in development alike', (_title, key, length) => {
    for (const options of [production, development]) {
      const error = refusal(() => ensureSecrets(options, envOf({ DATA_DIR: dir, AUTH_SECRET: HEX, SECRET_KEY: key })));
      expect(error).toBeInstanceOf(InvalidSecretError);
      expect(error.message).toMatch(/^Refusing to start: SECRET_KEY is too short: give 64 hex characters, base64 of 32 bytes, or a passphrase of at least 32 characters/);
      expect(error.message).toContain(`(it is ${length} characters long)`);
      expect(error.message).not.toContain(key.trim() || 'nothing-to-leak');
    }
  });
});

describe('development and demo (generated once, kept in DATA_DIR)', () => {
  it('generates both, persists them (owner-only), and reuses them on the next start', () => {
    const first = envOf({ DATA_DIR: dir });
    expect(ensureSecrets(development, first)).toEqual(['AUTH_SECRET', 'SECRET_KEY']);
    expect(first.AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(first.SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(first.AUTH_SECRET).not.toBe(first.SECRET_KEY);
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toEqual({ AUTH_SECRET: first.AUTH_SECRET, SECRET_KEY: first.SECRET_KEY });
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);

    const second = envOf({ DATA_DIR: dir });
    ensureSecrets(development, second);
    expect(second).toMatchObject({ AUTH_SECRET: first.AUTH_SECRET, SECRET_KEY: first.SECRET_KEY });
  });

  it('a value from the environment wins and is not written; only the missing one is generated', () => {
    const env = envOf({ DATA_DIR: dir, SECRET_KEY: HEX });
    expect(ensureSecrets(development, env)).toEqual(['AUTH_SECRET']);
    expect(env.SECRET_KEY).toBe(HEX);
    expect(Object.keys(JSON.parse(fs.readFileSync(file(), 'utf8')))).toEqual(['AUTH_SECRET']);
  });

  it('a hand-edited secrets file with a bad SECRET_KEY is refused, naming the file', () => {
    fs.writeFileSync(file(), JSON.stringify({ AUTH_SECRET: HEX, SECRET_KEY: 'short' }));
    const error = refusal(() => ensureSecrets(development, envOf({ DATA_DIR: dir })));
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect(error.message).toContain(`It was read from ${file()}.`);
  });

  it('a broken secrets file is a clear refusal, not a crash, and is left alone', () => {
    fs.writeFileSync(file(), '{"AUTH_SECRET": ');
    const error = refusal(() => ensureSecrets(development, envOf({ DATA_DIR: dir })));
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect(error.message).toMatch(/secrets\.json is not valid JSON .* Repair it, or delete it/);
    expect(fs.readFileSync(file(), 'utf8')).toBe('{"AUTH_SECRET": ');
  });
});

describe('the production server start', () => {
  /** Runs `npm start`'s command until it exits; the secrets check comes before the database and Next. */
  function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', DATA_DIR: dir, PORT: '0', ...env },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  }

  it('stops with the reason when SECRET_KEY is missing or in no accepted form', async () => {
    const missing = await start({ AUTH_SECRET: HEX });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Refusing to start: SECRET_KEY must be set in production');
    const bad = await start({ AUTH_SECRET: HEX, SECRET_KEY: 'changeme' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Refusing to start: SECRET_KEY is too short');
    // Nothing was created on the way out: no database, no generated secrets.
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);
});
