/**
 * CLI for the fake OIDC provider (tests and demos only):
 *   tsx fakes/oidc/main.ts [--host 127.0.0.1] [--port 0] --client-id virtdash [--client-secret S]
 * Prints one line on stdout, `OIDC_FAKE_LISTENING <issuer-url>`, once it accepts requests.
 * Exits cleanly on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startFakeOidc } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
    },
  });
  const clientId = values['client-id'] ?? process.env.OIDC_CLIENT_ID;
  if (!clientId) {
    process.stderr.write('usage: tsx fakes/oidc/main.ts [--host H] [--port N] --client-id ID [--client-secret S]\n');
    process.exit(2);
  }
  const fake = await startFakeOidc({
    host: values.host,
    port: Number(values.port),
    clientId,
    clientSecret: values['client-secret'] ?? process.env.OIDC_CLIENT_SECRET,
  });
  process.stdout.write(`OIDC_FAKE_LISTENING ${fake.url}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
