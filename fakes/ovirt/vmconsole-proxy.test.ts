/**
 * The demo engine's serial console proxy, spoken to as `ssh -p PORT ovirt-vmconsole@engine …` would:
 * it is never more helpful than ovirt-vmconsole-proxy. Only keys registered on engine users get in;
 * `connect` needs a pty; a user reaches only the running VMs with a console device that the engine
 * lets them see, and anything else is the proxy shell's "ERROR: VM with id '…' is unavailable".
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, utils, type ClientChannel } from 'ssh2';
import { startOvirtEngine, type OvirtEngine } from './server';
import { client, type Client as Api, type Json } from './test-helpers';

function newKey(): { privateKey: string; line: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return { privateKey, line: `${parsed.type} ${parsed.getPublicSSH().toString('base64')} test` };
}

/** Runs one command on the proxy; answers what it printed (stdout + stderr) and its exit status. */
function run(engine: OvirtEngine, privateKey: string, command: string, pty: boolean, input?: string): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const ssh = new Client();
    ssh.on('error', reject);
    ssh.on('ready', () => {
      ssh.exec(command, pty ? { pty: { term: 'xterm', cols: 80, rows: 24 } } : {}, (err, channel: ClientChannel) => {
        if (err) return reject(err);
        let out = '';
        let code: number | null = null;
        channel.on('data', (b: Buffer) => {
          out += b.toString('latin1');
          if (input !== undefined && /login: $/.test(out)) channel.close();
        });
        channel.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
        channel.on('exit', (c: number | null) => (code = c));
        channel.on('close', () => {
          ssh.end();
          resolve({ out, code });
        });
        if (input !== undefined) channel.write(input);
      });
    });
    ssh.connect({ host: engine.vmconsole!.host, port: engine.vmconsole!.port, username: 'ovirt-vmconsole', privateKey, hostVerifier: () => true });
  });
}

describe('serial console proxy', () => {
  let engine: OvirtEngine;
  let admin: Api;
  let user: Api;
  const adminKey = newKey();
  const userKey = newKey();
  const vms = new Map<string, Json>();

  beforeAll(async () => {
    engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01, vmconsolePort: 0 });
    admin = await client(engine);
    user = await client(engine, { username: 'user1@internal', password: 'demo-user', filter: true });
    for (const vm of (await admin.get('/vms?all_content=true')).body.vm as Json[]) vms.set(vm.name as string, vm);
    const adminId = (await admin.get('/')).body.authenticated_user.id as string;
    const userId = (await user.get('/')).body.authenticated_user.id as string;
    expect((await admin.post(`/users/${adminId}/sshpublickeys`, { content: adminKey.line })).status).toBe(201);
    expect((await user.post(`/users/${userId}/sshpublickeys`, { content: userKey.line })).status).toBe(201);
    // A user cannot put a key on another user; a malformed key is refused; the same key twice too.
    expect((await user.post(`/users/${adminId}/sshpublickeys`, { content: newKey().line })).status).toBe(404);
    expect((await admin.post(`/users/${adminId}/sshpublickeys`, { content: 'ssh-rsa not-a-key' })).status).toBe(400);
    expect((await admin.post(`/users/${adminId}/sshpublickeys`, { content: adminKey.line })).status).toBe(409);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('lets in only a key that an engine user registered', async () => {
    await expect(run(engine, newKey().privateKey, 'list', false)).rejects.toThrow(/All configured authentication methods failed/);
    const { out, code } = await run(engine, adminKey.privateKey, 'list', false);
    expect(code).toBe(0);
    expect(out).toContain(`${vms.get('app-01')!.id}\tapp-01\n`);
    // Down, and without the console device: not listed.
    expect(out).not.toContain('\tapp-05\n');
    expect(out).not.toContain('\tHostedEngine\n');
  });

  it('connects with a pty to the VM\'s getty, refuses without one, and refuses a VM it does not offer', async () => {
    const app = vms.get('app-01')!.id as string;
    const open = await run(engine, adminKey.privateKey, `connect --vm-id ${app}`, true, '\r');
    expect(open.out).toMatch(/\r\napp-01 login: $/);
    expect(await run(engine, adminKey.privateKey, `connect --vm-id ${app}`, false)).toEqual({ out: 'ERROR: No pty support, please enable at client side\n', code: 1 });
    const down = vms.get('app-05')!.id as string;
    expect(await run(engine, adminKey.privateKey, `connect --vm-id ${down}`, true)).toEqual({ out: `ERROR: VM with id '${down}' is unavailable\r\n`, code: 1 });
    const noDevice = vms.get('HostedEngine')!.id as string;
    expect((await run(engine, adminKey.privateKey, `connect --vm-id ${noDevice}`, true)).out).toBe(`ERROR: VM with id '${noDevice}' is unavailable\r\n`);
  });

  it('offers a self-service user only the VMs the engine lets them reach', async () => {
    const mine = ((await user.get('/vms')).body.vm as Json[]).map((v) => v.name as string);
    const { out } = await run(engine, userKey.privateKey, 'list', false);
    const listed = out.trim().split('\n').filter(Boolean).map((l) => l.split('\t')[1]);
    expect(listed.length).toBeGreaterThan(0);
    for (const name of listed) expect(mine).toContain(name);
    const app = vms.get('app-01')!.id as string;
    expect(mine).not.toContain('app-01');
    expect((await run(engine, userKey.privateKey, `connect --vm-id ${app}`, true)).out).toBe(`ERROR: VM with id '${app}' is unavailable\r\n`);
  });
});
