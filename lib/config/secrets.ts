// AUTH_SECRET signs session cookies; SECRET_KEY encrypts backend credentials at rest.
// Production needs both from the environment. The demo and development runs generate them
// once and keep them in DATA_DIR, so sessions and stored credentials survive a restart.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/lib/db/target';

const GENERATED = ['AUTH_SECRET', 'SECRET_KEY'] as const;

export class MissingSecretsError extends Error {}

export function ensureSecrets(options: { allowGenerated: boolean }, env: NodeJS.ProcessEnv = process.env): string[] {
  const missing = GENERATED.filter((name) => !env[name]);
  if (missing.length === 0) return [];
  if (!options.allowGenerated) {
    throw new MissingSecretsError(
      `Refusing to start: ${missing.join(' and ')} must be set in production ` +
        `(for example: openssl rand -hex 32). See README.md, "Configuration".`,
    );
  }
  const file = path.join(dataDir(env), 'secrets.json');
  let stored: Record<string, string> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
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
  return missing;
}
