/**
 * A custom CA end to end: a private CA and a server certificate made with the openssl CLI at test
 * time, the demo engine started from its command line over HTTPS with them, and the oVirt adapter
 * reaching it as it reaches a real engine signed by the engine's own CA.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { toClientError, type BackendConfig, type RequestInfo } from '@/lib/backends';
import { startOvirtEngine } from '@/fakes/ovirt/server';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN = { username: 'admin@internal', password: 'tls-admin-password' };
const HAS_OPENSSL = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!HAS_OPENSSL) console.warn('[ovirt-tls] skipped: the openssl CLI is not installed (.ci/packages lists it for CI)');

function openssl(cwd: string, ...args: string[]): void {
  const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
}

/** A CA (key + self-signed certificate) named `name` in `dir`. */
function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

/** A server certificate `name` signed by the CA `ca`, for the given subjectAltName. */
function makeServerCert(dir: string, ca: string, name: string, altNames: string): void {
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  fs.writeFileSync(path.join(dir, `${name}.ext`),
    `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', '0x1001',
    '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

describe.skipIf(!HAS_OPENSSL)('oVirt engine behind a private CA (openssl)', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let read: (file: string) => string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-tls-'));
    read = (file) => fs.readFileSync(path.join(dir, file), 'utf8');
    makeCa(dir, 'engine-ca');
    makeCa(dir, 'foreign-ca');
    makeServerCert(dir, 'engine-ca', 'engine', 'IP:127.0.0.1,DNS:localhost');
    makeServerCert(dir, 'engine-ca', 'elsewhere', 'DNS:engine.example.com');
    child = spawn(process.execPath, ['--import', 'tsx', 'fakes/ovirt/main.ts', '--port', '0', '--size', 'demo', '--time-scale', '0.01',
      '--no-background-events', '--admin-user', ADMIN.username, '--tls-cert', path.join(dir, 'engine.pem'), '--tls-key', path.join(dir, 'engine.key')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OVIRT_FAKE_ADMIN_PASSWORD: ADMIN.password } });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the demo engine printed no listening line')), 30_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^OVIRT_ENGINE_LISTENING (https:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo engine exited with ${code}`)); });
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function engine(config: Partial<BackendConfig> = {}) {
    const requests: RequestInfo[] = [];
    const backend = createBackend(
      { id: 'tls', kind: 'ovirt', name: 'TLS engine', url, ...ADMIN, ...config },
      { retry: { maxRetries: 0 }, onRequest: (info) => requests.push(info) },
    );
    return { backend, requests };
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );
  }

  it('trusted through the connection’s CA certificate: signs in and lists VMs', async () => {
    const { backend } = engine({ caCert: read('engine-ca.pem') });
    await expect(backend.about()).resolves.toMatchObject({ kind: 'ovirt', isAdmin: true, identity: { username: ADMIN.username } });
    expect((await backend.listVms!({ page: 1, pageSize: 5 })).items).toHaveLength(5);
    await backend.close();
  });

  it('without the CA: unreachable, saying the certificate is not trusted (nothing signed in)', async () => {
    const { backend, requests } = engine();
    const error = await failure(backend.about());
    expect(error).toMatchObject({ code: 'unreachable', detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(toClientError(error).message).toMatch(/TLS certificate of the oVirt engine at https:\/\/127\.0\.0\.1:\d+ is not trusted\. Add its CA certificate/);
    // The sign-in was the first request and it never got past the handshake.
    expect(requests.map((r) => r.purpose)).toEqual(['auth']);
    await backend.close();
  });

  it('with another CA’s certificate: not trusted either', async () => {
    const { backend } = engine({ caCert: read('foreign-ca.pem') });
    const error = await failure(backend.about());
    expect(error).toMatchObject({ code: 'unreachable', detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await backend.close();
  });

  it('insecureSkipVerify: works without the CA', async () => {
    const { backend } = engine({ insecureSkipVerify: true });
    await expect(backend.about()).resolves.toMatchObject({ isAdmin: true });
    await backend.close();
  });

  it('https:// to an engine that speaks plain HTTP: a TLS handshake error, not "untrusted"', async () => {
    const plain = await startOvirtEngine({ port: 0, backgroundEvents: false, users: [{ ...ADMIN, admin: true }] });
    try {
      const { backend } = engine({ url: plain.url.replace('http://', 'https://'), caCert: read('engine-ca.pem') });
      const error = await failure(backend.about());
      expect(error).toMatchObject({ code: 'unreachable' });
      expect(toClientError(error).message).toMatch(/TLS handshake with the oVirt engine at .* failed/);
      await backend.close();
    } finally {
      await plain.close();
    }
  });

  it('a certificate for another host name: says so, even with the right CA', async () => {
    const other = await startOvirtEngine({
      port: 0,
      backgroundEvents: false,
      users: [{ ...ADMIN, admin: true }],
      tls: { cert: read('elsewhere.pem'), key: read('elsewhere.key') },
    });
    try {
      const { backend } = engine({ url: other.url, caCert: read('engine-ca.pem') });
      const error = await failure(backend.about());
      expect(error).toMatchObject({ code: 'unreachable', detail: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      expect(toClientError(error).message).toMatch(/certificate of the oVirt engine at https:\/\/127\.0\.0\.1:\d+ is not issued for this host name/);
      await backend.close();
    } finally {
      await other.close();
    }
  });
});
