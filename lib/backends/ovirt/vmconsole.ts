import 'server-only';
import { createHash } from 'node:crypto';
import { Client, utils, type ClientChannel } from 'ssh2';
import { BackendError } from '../errors';
import type { SerialConsoleStream } from '../types';

/**
 * SSH to the engine's serial console proxy (ovirt-vmconsole-proxy): the user is always
 * `ovirt-vmconsole`; the proxy knows who we are from the key alone (an engine user registered its
 * public key), and its forced command takes `connect --vm-id <id>`, which needs a pty.
 */
export const VMCONSOLE_USER = 'ovirt-vmconsole';
/** Where ovirt-vmconsole-proxy-sshd listens on the engine host unless configured otherwise. */
export const VMCONSOLE_DEFAULT_PORT = 2222;
const READY_TIMEOUT_MS = 15_000;

/** The public half of a PEM private key as an authorized_keys line ("ssh-rsa AAAA… comment"). */
export function publicKeyLine(privateKeyPem: string, comment: string): string {
  const parsed = utils.parseKey(privateKeyPem);
  if (parsed instanceof Error) throw new BackendError('invalid_input', `The stored console key cannot be read: ${parsed.message}`);
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')} ${comment}`;
}

/** The same key, whatever comment each line carries. */
export function sameKey(a: string | undefined, b: string): boolean {
  const [ta, ka] = (a ?? '').trim().split(/\s+/);
  const [tb, kb] = b.trim().split(/\s+/);
  return !!ka && ta === tb && ka === kb;
}

/** A host key blob as known_hosts writes it: its type (the blob's first string) and base64. */
function hostKeyLine(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return `${blob.subarray(4, 4 + length).toString('latin1')} ${blob.toString('base64')}`;
}

/** OpenSSH's fingerprint form: SHA256:<base64 without padding>. */
export function fingerprint(line: string): string {
  const b64 = line.trim().split(/\s+/)[1] ?? '';
  return `SHA256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

export interface VmconsoleTarget {
  host: string;
  port: number;
  privateKey: string;
  /** Trust on first use (ConsoleSshStore.trustHostKey): the key recorded before, if any. */
  trustHostKey(address: string, hostKey: string): Promise<{ recorded?: string }>;
  /** The engine's VM id. */
  vmId: string;
  signal?: AbortSignal;
}

export type VmconsoleRefusal = 'host_key_changed' | 'key_refused';

/** Why an SSH console could not open, in SSH's own words, with which of our rules said no. */
export class VmconsoleError extends BackendError {
  constructor(message: string, readonly refusal?: VmconsoleRefusal, code: BackendError['code'] = 'conflict', cause?: unknown) {
    super(code, message, { cause });
  }
}

/**
 * Logs in to the proxy and attaches to the VM's serial console. Settles once the proxy has started
 * the command (its own refusals, "ERROR: VM with id '…' is unavailable", come through the terminal
 * as they do for `ssh -t`); the stream ends when the proxy or the guest side hangs up.
 */
export function openVmconsole(target: VmconsoleTarget): Promise<SerialConsoleStream> {
  const address = `${target.host}:${target.port}`;
  const client = new Client();
  let hostKeyProblem: string | undefined;
  return new Promise<SerialConsoleStream>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      target.signal?.removeEventListener('abort', onAbort);
      client.end();
      reject(error);
    };
    const onAbort = () => fail(new BackendError('cancelled', 'Opening the serial console was cancelled.'));
    if (target.signal?.aborted) return onAbort();
    target.signal?.addEventListener('abort', onAbort, { once: true });

    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) return fail(new VmconsoleError(hostKeyProblem, 'host_key_changed', 'conflict', err));
      if (err.level === 'client-authentication') {
        return fail(new VmconsoleError(`The serial console proxy ${address} refused the dashboard's SSH key (${err.message}).`, 'key_refused', 'conflict', err));
      }
      if (err.level === 'client-timeout') return fail(new VmconsoleError(`The serial console proxy ${address} did not answer in time.`, undefined, 'timeout', err));
      if (err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET') {
        return fail(new VmconsoleError(`The serial console proxy ${address} is not reachable (${err.code}).`, undefined, 'unreachable', err));
      }
      fail(new VmconsoleError(`The serial console proxy ${address} failed: ${err.message}`, undefined, 'backend_error', err));
    });
    client.on('ready', () => {
      // The proxy's shell wants a terminal ("No pty support, please enable at client side").
      client.exec(`connect --vm-id ${target.vmId}`, { pty: { term: 'xterm-256color', cols: 80, rows: 24 } }, (err, channel) => {
        if (err) return fail(new VmconsoleError(`The serial console proxy ${address} did not start the console: ${err.message}`, undefined, 'backend_error', err));
        if (settled) return void channel.close();
        settled = true;
        target.signal?.removeEventListener('abort', onAbort);
        resolve(channelStream(client, channel));
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: VMCONSOLE_USER,
      privateKey: target.privateKey,
      readyTimeout: READY_TIMEOUT_MS,
      keepaliveInterval: 30_000,
      // Trust on first use, then only that key: a man in the middle must not get the console.
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        const seen = hostKeyLine(key);
        target.trustHostKey(address, seen).then(
          ({ recorded }) => {
            if (recorded && !sameKey(recorded, seen)) {
              // The browser sees the first 120 characters (a WebSocket close reason): the verdict comes first.
              hostKeyProblem = `Refused: the serial console proxy ${address} presented another host key than the recorded one (${fingerprint(seen)}, recorded ${fingerprint(recorded)}).`;
              return verify(false);
            }
            verify(true);
          },
          (error: unknown) => {
            hostKeyProblem = `The host key of the serial console proxy ${address} could not be checked: ${(error as Error).message}`;
            verify(false);
          },
        );
      },
    });
  });
}

function channelStream(client: Client, channel: ClientChannel): SerialConsoleStream {
  let reader: ((bytes: Uint8Array) => void) | undefined;
  const early: Buffer[] = [];
  const deliver = (bytes: Buffer) => (reader ? reader(bytes) : early.push(bytes));
  channel.on('data', deliver);
  channel.stderr.on('data', deliver);
  let exitCode: number | undefined;
  const closed = new Promise<void>((resolve, reject) => {
    channel.on('exit', (code: number | null) => {
      exitCode = code ?? undefined;
    });
    channel.on('close', () => {
      client.end();
      if (exitCode) reject(new Error(`the serial console proxy ended the session (exit status ${exitCode})`));
      else resolve();
    });
    client.on('close', () => resolve());
  });
  closed.catch(() => {});
  return {
    write: (bytes) => void channel.write(Buffer.from(bytes)),
    onData: (r) => {
      reader = r;
      for (const b of early.splice(0)) r(b);
    },
    finish: () => {
      channel.end();
      client.end();
    },
    closed,
  };
}
