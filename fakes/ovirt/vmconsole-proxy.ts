/**
 * The engine host's serial console proxy (ovirt-vmconsole-proxy): an SSH server where the user
 * `ovirt-vmconsole` logs in with a public key that an engine user has registered
 * (`/users/{id}/sshpublickeys`, ssh-keys.ts), and its forced command (ovirt-vmconsole-proxy-shell)
 * takes `connect --vm-id <id>`, `connect --vm-name <name>`, `list` or `help` as the SSH command.
 * It offers what the engine's console list offers that user: running VMs with the serial console
 * device on which the user has a permission. A VM outside that list is refused in the shell's words
 * ("ERROR: VM with id '…' is unavailable"), `connect` without a pty too; a key no user holds fails
 * the SSH authentication itself. `connect` joins the VM's serial line (serial-line.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, utils, type Connection, type ServerChannel } from 'ssh2';
import { Access } from './access';
import type { Engine } from './engine';
import type { User, Vm } from './model';
import { SerialLine } from './serial-line';
import { holderOfKey } from './ssh-keys';
import { isRunning } from './wire';

/** The only user the proxy's sshd lets in: who the client is comes from the key alone. */
export const VMCONSOLE_USER = 'ovirt-vmconsole';
const SHELL = 'ovirt-vmconsole-proxy-shell';

export interface VmconsoleProxy {
  host: string;
  port: number;
  /** The proxy's host key as OpenSSH writes it in known_hosts (`ecdsa-sha2-nistp256 AAAA…`). */
  hostKey: string;
  close(): Promise<void>;
}

/** What the engine lists for this user: the consoles the proxy may open for them. */
function consoleList(e: Engine, user: User): Vm[] {
  const access = new Access(e.store, user);
  return [...e.store.vms.values()].filter((vm) => isRunning(vm) && vm.hostId && vm.serialConsole && access.vm(vm));
}

/** SSH_ORIGINAL_COMMAND as shlex splits it (quotes group words). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

export async function startVmconsoleProxy(e: Engine, opts: { host: string; port: number }): Promise<VmconsoleProxy> {
  // A fresh host key per start, as a freshly installed proxy has: clients learn it on first use.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const parsedHost = utils.parseKey(privateKey);
  if (parsedHost instanceof Error) throw parsedHost;
  const hostKey = `${parsedHost.type} ${parsedHost.getPublicSSH().toString('base64')}`;
  const clients = new Set<Connection>();

  const server = new Server({ hostKeys: [privateKey] }, (client) => {
    let user: User | undefined;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== VMCONSOLE_USER) return ctx.reject(['publickey']);
      const holder = holderOfKey(e, ctx.key.data);
      const parsed = holder ? utils.parseKey(holder.content) : undefined;
      if (!holder || !parsed || parsed instanceof Error) return ctx.reject(['publickey']);
      // Without a signature the client only asks whether the key would do; with one it proves it holds it.
      if (ctx.signature && parsed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      user = holder.user;
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty = false;
        session.on('pty', (accept) => {
          pty = true;
          accept?.();
        });
        session.on('window-change', (accept) => accept?.());
        const run = (channel: ServerChannel, command: string) => {
          // With a pty the shell's stderr is the terminal too, and the tty turns \n into \r\n.
          const out = (text: string) => channel.write(pty ? text.replace(/\r?\n/g, '\r\n') : text);
          const err = (text: string) => (pty ? out(text) : channel.stderr.write(text));
          const end = (code: number) => {
            channel.exit(code);
            channel.end();
          };
          const args = words(command);
          const [verb = 'connect', ...rest] = args;
          if (verb === 'help' || rest.includes('--help') || rest.includes('-h')) {
            out(`usage: ${SHELL} [-h] [--debug] {help,info,connect,list} ...\n\noVirt VM console proxy shell\n`);
            return end(0);
          }
          if (verb === 'list') {
            const format = option(rest, '--format') ?? 'plain';
            const vms = consoleList(e, user!);
            if (format === 'json') out(`${JSON.stringify({ version: 1, consoles: vms.map((vm) => ({ vmid: vm.id, vm: vm.name })) }, null, 4)}\n`);
            else out(vms.map((vm) => `${vm.id}\t${vm.name}\n`).join(''));
            return end(0);
          }
          if (verb !== 'connect') {
            err(`usage: ${SHELL} [-h] [--debug] {help,info,connect,list} ...\n${SHELL}: error: argument command: invalid choice: '${verb}' (choose from 'help', 'info', 'connect', 'list')\n`);
            return end(2);
          }
          if (!pty) {
            err('ERROR: No pty support, please enable at client side\n');
            return end(1);
          }
          const consoles = consoleList(e, user!);
          const vmId = option(rest, '--vm-id');
          const vmName = option(rest, '--vm-name');
          let vm: Vm | undefined;
          if (vmId) vm = consoles.find((v) => v.id === vmId);
          else if (vmName) vm = consoles.find((v) => v.name === vmName);
          else if (consoles.length === 1) vm = consoles[0];
          if (!vm) {
            const why = vmId
              ? `VM with id '${vmId}' is unavailable`
              : vmName
                ? `VM with name '${vmName}' is unavailable`
                : consoles.length === 0
                  ? 'No available running VMs'
                  : 'Several consoles are available: name one with --vm-id or --vm-name';
            err(`ERROR: ${why}\n`);
            return end(1);
          }
          const target = vm;
          const line = new SerialLine(target, (text) => channel.write(text));
          channel.on('data', (bytes: Buffer) => line.input(bytes));
          // The guest went away under the console (shut down, powered off): its host hangs up.
          const watch = setInterval(() => {
            if (!isRunning(target)) end(0);
          }, 500);
          watch.unref();
          channel.on('close', () => clearInterval(watch));
        };
        session.on('exec', (accept, _reject, info) => run(accept(), info.command));
        session.on('shell', (accept) => run(accept(), 'connect'));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    host: opts.host,
    port: address.port,
    hostKey,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
