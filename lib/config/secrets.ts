// AUTH_SECRET signs session cookies; SECRET_KEY encrypts backend credentials at rest.
// Production needs both from the environment. The demo and development runs generate them
// once and keep them in DATA_DIR, so sessions and stored credentials survive a restart.
// A SECRET_KEY in none of the accepted forms stops the start here, with the reason, rather than
// failing on the first stored password.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { secretKeyProblem } from '@/lib/crypto/secret-key';
import { dataDir } from '@/lib/db/target';

const GENERATED = ['AUTH_SECRET', 'SECRET_KEY'] as const;

/** The secrets' configuration stops the start; the message says what to do. */
export class SecretsConfigError extends Error {}

/** Production without AUTH_SECRET and/or SECRET_KEY. */
export class MissingSecretsError extends SecretsConfigError {}

/** A secret is set but unusable (SECRET_KEY in no accepted form, an unreadable secrets file). */
export class InvalidSecretError extends SecretsConfigError {}

/**
 * Makes AUTH_SECRET and SECRET_KEY available in `env`, or throws a SecretsConfigError. Returns
 * the names it generated (or took from DATA_DIR/secrets.json) because they were not set.
 */
export function ensureSecrets(options: { allowGenerated: boolean }, env: NodeJS.ProcessEnv = process.env): string[] {
  const missing = GENERATED.filter((name) => !env[name]);
  if (missing.length > 0 && !options.allowGenerated) {
    throw new MissingSecretsError(
      `Refusing to start: ${missing.join(' and ')} must be set in production ` +
        `(for example: openssl rand -hex 32). See README.md, "Configuration".`,
    );
  }
  if (missing.length > 0) fillFromDataDir(missing, env);
  const problem = secretKeyProblem(env.SECRET_KEY ?? '');
  if (problem) {
    const from = missing.includes('SECRET_KEY') ? ` It was read from ${secretsFile(env)}.` : '';
    throw new InvalidSecretError(
      `Refusing to start: ${problem}${from} For example: openssl rand -hex 32. See README.md, "Configuration".`,
    );
  }
  return missing;
}

function secretsFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), 'secrets.json');
}

function fillFromDataDir(missing: readonly string[], env: NodeJS.ProcessEnv): void {
  const file = secretsFile(env);
  const stored = readStored(file);
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = crypto.randomBytes(32).toString('hex');
      changed = true;
    }
    env[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
}

function readStored(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidSecretError(
      `Refusing to start: ${file} is not valid JSON (${(error as Error).message}). Repair it, or delete it to generate ` +
        `new secrets (stored backend passwords then become unreadable and must be entered again).`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidSecretError(`Refusing to start: ${file} must hold a JSON object of secrets.`);
  }
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') stored[name] = value;
  return stored;
}
