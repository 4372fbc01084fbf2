/**
 * oVirt serial console end to end below the relay: the adapter against the demo engine, whose
 * serial console proxy is a real SSH server that takes only keys registered on engine users
 * (fakes/ovirt/vmconsole-proxy.ts). Typed bytes reach the VM's serial line and its answer comes
 * back; a key the engine no longer holds, a changed host key, a closed proxy port and a VM without
 * the console device are each refused in words the console page can show.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, SerialConsoleStream } from '@/lib/backends/types';
import { isBackendError } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { demoBackend, memoryConsoleSsh, startDemoEngine, vmNamed, type CountingBackend, type DemoEngine } from '@/test/contract/ovirt-demo';

/** Resolves with everything received once it matches (the test's own timeout bounds the wait). */
function until(stream: SerialConsoleStream, pattern: RegExp): { got: Promise<string> } {
  let text = '';
  return {
    got: new Promise<string>((resolve, reject) => {
      stream.onData((bytes) => {
        text += Buffer.from(bytes).toString('latin1');
        if (pattern.test(text)) resolve(text);
      });
      stream.closed.then(() => reject(new Error(`the console closed before ${pattern}; got ${JSON.stringify(text)}`)), reject);
    }),
  };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (error) {
    if (isBackendError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

async function engineGet(engine: DemoEngine, path: string): Promise<Record<string, unknown>> {
  const token = await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username: 'admin@internal', password: 'demo-admin' }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const res = await fetch(`${engine.apiUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' } });
  return (await res.json()) as Record<string, unknown>;
}

async function engineDelete(engine: DemoEngine, path: string): Promise<number> {
  const token = await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username: 'admin@internal', password: 'demo-admin' }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  return (await fetch(`${engine.apiUrl}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' } })).status;
}

describe('oVirt serial console through the engine\'s proxy', () => {
  let engine: DemoEngine;
  let demo: CountingBackend;
  let backend: Backend;
  const store = memoryConsoleSsh();

  beforeAll(async () => {
    engine = await startDemoEngine('demo');
    demo = demoBackend(engine, { runtime: { consoleSsh: store } });
    backend = demo.backend;
  });
  afterAll(async () => {
    await backend?.close();
    await engine?.close();
  });

  it('carries typed bytes to the VM\'s serial line and its answer back; the key is registered on the engine user once', async () => {
    const vm = await vmNamed(backend, 'app-01');
    const stream = await backend.openSerialConsole!(vm.id);
    const prompt = until(stream, /app-01 login: $/);
    stream.write(Buffer.from('\r'));
    await prompt.got;
    const echoed = until(stream, /root\r\nPassword: $/);
    stream.write(Buffer.from('root\r'));
    await echoed.got;
    stream.finish();
    await stream.closed;

    // The key the proxy accepted is the connection's, on the user the connection signs in as.
    const me = (await engineGet(engine, '/')).authenticated_user as { id: string };
    const keys = (await engineGet(engine, `/users/${me.id}/sshpublickeys`)).ssh_public_key as { content: string }[];
    expect(keys.map((k) => k.content.split(' ').slice(0, 2).join(' '))).toHaveLength(1);
    expect(keys[0].content).toMatch(/^ssh-rsa AAAA\S+ virtdash@demo$/);

    // A second console: no second registration.
    const again = await backend.openSerialConsole!(vm.id);
    const second = until(again, /login: $/);
    again.write(Buffer.from('\r'));
    await second.got;
    again.finish();
    expect(demo.requests.filter((r) => r.method === 'POST' && r.url.includes('/sshpublickeys'))).toHaveLength(1);
  });

  it('is refused when the engine no longer holds the key, and works again once it is registered again', async () => {
    const vm = await vmNamed(backend, 'app-02');
    const me = (await engineGet(engine, '/')).authenticated_user as { id: string };
    const keys = (await engineGet(engine, `/users/${me.id}/sshpublickeys`)).ssh_public_key as { id: string }[];
    for (const k of keys) expect(await engineDelete(engine, `/users/${me.id}/sshpublickeys/${k.id}`)).toBe(200);

    const refused = await refusal(backend.openSerialConsole!(vm.id));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/^The serial console proxy 127\.0\.0\.1:\d+ refused the dashboard's SSH key \(All configured authentication methods failed\)\.$/);

    const stream = await backend.openSerialConsole!(vm.id);
    const prompt = until(stream, /app-02 login: $/);
    stream.write(Buffer.from('\r'));
    await prompt.got;
    stream.finish();
  });

  it('refuses a proxy whose host key changed since it was first seen, and keeps the recorded key', async () => {
    const vm = await vmNamed(backend, 'app-01');
    const address = `127.0.0.1:${engine.vmconsole!.port}`;
    const at = `demo ${address}`;
    const genuine = store.hostKeys.get(at);
    expect(genuine).toBe(engine.vmconsole!.hostKey);
    // As if another server answered on the proxy's address: the key on record is not the one shown.
    const impostor = await startDemoEngine('demo');
    try {
      store.hostKeys.set(at, impostor.vmconsole!.hostKey);
      const refused = await refusal(backend.openSerialConsole!(vm.id));
      expect(refused.code).toBe('conflict');
      expect(refused.message).toMatch(/^Refused: the serial console proxy 127\.0\.0\.1:\d+ presented another host key than the recorded one \(SHA256:[A-Za-z0-9+/]+, recorded SHA256:[A-Za-z0-9+/]+\)\.$/);
      expect(store.hostKeys.get(at)).toBe(impostor.vmconsole!.hostKey);
    } finally {
      store.hostKeys.set(at, genuine!);
      await impostor.close();
    }
  });

  it('ends when the VM powers off under it, as the host hangs up', async () => {
    const vm = await vmNamed(backend, 'app-03');
    const stream = await backend.openSerialConsole!(vm.id);
    const prompt = until(stream, /app-03 login: $/);
    stream.write(Buffer.from('\r'));
    await prompt.got;
    await backend.vmAction!(vm.id, 'stop');
    await expect(stream.closed).resolves.toBeUndefined();
  });

  it('says why where the engine offers no serial console: the device is off, the VM is down, the proxy is not there', async () => {
    const down = await vmNamed(backend, 'app-05');
    expect((await refusal(backend.openSerialConsole!(down.id))).message).toBe('The VM "app-05" is not running (status down), so it has no serial console.');
    const hosted = await vmNamed(backend, 'HostedEngine');
    expect(await backend.serialConsoleRefusal!(hosted.id)).toBe(
      'The VM "HostedEngine" has no serial console device (console enabled: false in the engine); enable it in the VM\'s console settings.',
    );
    expect((await refusal(backend.openSerialConsole!(hosted.id))).code).toBe('conflict');
    expect(await backend.serialConsoleRefusal!((await vmNamed(backend, 'app-01')).id)).toBeUndefined();

    // A proxy port where nothing listens.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const nowhere = await refusal(openWithPort(engine, store, closedPort));
    expect(nowhere).toEqual({ code: 'unreachable', message: `The serial console proxy 127.0.0.1:${closedPort} is not reachable (ECONNREFUSED).` });
  });
});

/** The same engine through a connection whose proxy port has nothing listening. */
async function openWithPort(engine: DemoEngine, store: ReturnType<typeof memoryConsoleSsh>, port: number): Promise<unknown> {
  const b = createBackend(
    { id: 'closed-port', kind: 'ovirt', name: 'Closed port', url: engine.url, username: 'admin@internal', password: 'demo-admin', serialConsolePort: port },
    { consoleSsh: store, retry: { backoffMs: 5 } },
  );
  try {
    const vm = await vmNamed(b, 'app-01');
    return await b.openSerialConsole!(vm.id);
  } finally {
    await b.close();
  }
}
