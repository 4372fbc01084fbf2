import 'server-only';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { BackendError, isBackendError } from '../errors';
import { fromRemoteError } from './errors';
import {
  HEADER_BYTES,
  KEEPALIVE_PING,
  KEEPALIVE_PONG,
  KEEPALIVE_PROGRAM,
  MessageStatus,
  MessageType,
  Proc,
  REMOTE_PROGRAM,
  REMOTE_PROTOCOL_VERSION,
  decodeHeader,
  encodeMessage,
  readDomain,
  readRemoteError,
  type DomainHandle,
  type MessageHeader,
} from './protocol';
import type { LibvirtTarget } from './uri';
import { XdrReader, XdrWriter } from './xdr';

export interface LibvirtCredentials {
  /** PEM of the CA that signed the daemon's certificate (qemu+tls). */
  caCert?: string;
  /** PEM client certificate and key (qemu+tls; libvirtd checks them against its tls_allowed_dn_list). */
  clientCert?: string;
  clientKey?: string;
  /** qemu+ssh: PEM private key, written to a private temporary file for ssh -i while connected. */
  sshKey?: string;
  insecureSkipVerify?: boolean;
}

export interface TransportOptions {
  connectMs?: number;
  requestMs?: number;
  /** Subscribe to domain lifecycle events on every (re)connect and hand each one over. */
  onLifecycle?: (event: { dom: DomainHandle; event: number; detail: number }) => void;
  /** Called for each RPC sent: tests count round trips with it. */
  onCall?: (proc: number) => void;
}

/**
 * A byte stream the daemon opened for one call (virDomainOpenConsole): bytes both ways as STREAM
 * messages with the call's proc and serial. `closed` settles when either side ends it.
 */
export interface LibvirtByteStream {
  write(bytes: Uint8Array): void;
  /** Ends the stream from our side (an empty STREAM OK, as virStreamFinish sends). */
  finish(): void;
  /** Receives every byte the daemon sends; bytes that came before a reader was set are handed over first. */
  onData(reader: (bytes: Buffer) => void): void;
  readonly closed: Promise<void>;
}

interface StreamState {
  socket: Duplex;
  queue: Buffer[];
  reader?: (bytes: Buffer) => void;
  end(error?: BackendError): void;
}

interface Pending {
  resolve(payload: XdrReader): void;
  reject(error: Error): void;
  proc: number;
  /** The socket the call went out on: only its failure fails the call. */
  socket: Duplex;
}

// The daemon refuses messages over 32 MiB; stream data goes in chunks well under its 256 KiB payload limit.
const MAX_MESSAGE = 32 * 1024 * 1024;
export const STREAM_CHUNK = 64 * 1024;

/**
 * ONE connection to one libvirt daemon, shared by every request for that host
 * (the daemon answers calls in any order, matched by serial, so concurrent
 * requests need no second socket). Opened on first use; after the socket fails
 * every waiting call fails with `unreachable` and the next call opens afresh.
 */
export class LibvirtTransport {
  private socket?: Duplex;
  private opening?: Promise<Duplex>;
  private serial = 1;
  private pending = new Map<number, Pending>();
  private streams = new Map<number, StreamState>();
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(
    private readonly target: LibvirtTarget,
    private readonly credentials: LibvirtCredentials = {},
    private readonly options: TransportOptions = {},
  ) {}

  /** One RPC: args encoded by the caller, the reply payload handed back to decode. */
  async call(proc: number, args: (w: XdrWriter) => XdrWriter = (w) => w, signal?: AbortSignal): Promise<XdrReader> {
    return this.serialized(async () => {
      throwIfAborted(signal);
      const socket = await this.open(signal);
      throwIfAborted(signal);
      return this.send(socket, proc, args(new XdrWriter()).toBuffer(), signal);
    });
  }

  /** Opens the connection if it is not open (and so subscribes to events); no call of its own. */
  async ready(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.open(signal);
  }

  private lane: Promise<unknown> = Promise.resolve();

  /**
   * Over TLS, one call at a time: Node batches queued writes into one TLS record, and libvirtd
   * (9.0, gnutls) then handles only the first messages of such a record and leaves the rest
   * unread until more bytes come (measured: the 3rd of 3 pipelined calls never got an answer).
   * UNIX, TCP and ssh keep full pipelining.
   */
  private serialized<R>(fn: () => Promise<R>): Promise<R> {
    if (this.target.transport !== 'tls') return fn();
    const run = this.lane.then(fn, fn);
    this.lane = run.catch(() => undefined);
    return run;
  }

  /**
   * A call whose reply opens an upload stream (virStorageVolUpload): after the
   * call's OK, the bytes follow as STREAM messages with status CONTINUE, then an
   * empty STREAM message with status OK; the daemon confirms with its own OK.
   */
  upload(proc: number, args: (w: XdrWriter) => XdrWriter, data: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    return this.serialized(() => this.uploadNow(proc, args, data, signal));
  }

  private async uploadNow(proc: number, args: (w: XdrWriter) => XdrWriter, data: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const socket = await this.open(signal);
    const serial = this.serial++;
    const header = (type: number, status: number): MessageHeader => ({
      prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc, type, serial, status,
    });
    await this.exchange(socket, serial, proc, encodeMessage(header(MessageType.CALL, MessageStatus.OK), args(new XdrWriter()).toBuffer()), signal);
    // From here the daemon's next answer on this serial is the stream's end (or an error mid-way).
    const finished = this.expect(socket, serial, proc, signal);
    finished.catch(() => undefined);
    for await (const chunk of data) {
      throwIfAborted(signal);
      for (let off = 0; off < chunk.length; off += STREAM_CHUNK) {
        const piece = Buffer.from(chunk.subarray(off, off + STREAM_CHUNK));
        if (!socket.write(encodeMessage(header(MessageType.STREAM, MessageStatus.CONTINUE), piece))) {
          await new Promise<void>((resolve, reject) => {
            socket.once('drain', resolve);
            socket.once('close', () => reject(new BackendError('unreachable', 'The libvirt connection closed during the upload.')));
          });
        }
      }
    }
    socket.write(encodeMessage(header(MessageType.STREAM, MessageStatus.OK), Buffer.alloc(0)));
    await finished;
  }

  /**
   * A call whose reply opens a two-way byte stream (virDomainOpenConsole). The stream is registered
   * BEFORE the call goes out: the daemon may send its first bytes in the same read as the reply.
   * Not on the TLS lane: a console holds its stream for minutes and must not block other calls.
   */
  async openStream(proc: number, args: (w: XdrWriter) => XdrWriter, signal?: AbortSignal): Promise<LibvirtByteStream> {
    throwIfAborted(signal);
    const socket = await this.open(signal);
    const serial = this.serial++;
    const header = (type: number, status: number): MessageHeader => ({
      prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc, type, serial, status,
    });
    let settle!: (error?: BackendError) => void;
    const closed = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    closed.catch(() => undefined);
    let ended = false;
    const state: StreamState = {
      socket,
      queue: [],
      end: (error) => {
        if (ended) return;
        ended = true;
        this.streams.delete(serial);
        settle(error);
      },
    };
    this.streams.set(serial, state);
    try {
      await this.exchange(socket, serial, proc, encodeMessage(header(MessageType.CALL, MessageStatus.OK), args(new XdrWriter()).toBuffer()), signal);
    } catch (error) {
      state.end();
      throw error;
    }
    return {
      closed,
      write: (bytes) => {
        if (ended) return;
        for (let off = 0; off < bytes.length; off += STREAM_CHUNK) {
          socket.write(encodeMessage(header(MessageType.STREAM, MessageStatus.CONTINUE), Buffer.from(bytes.subarray(off, off + STREAM_CHUNK))));
        }
      },
      finish: () => {
        if (ended) return;
        socket.write(encodeMessage(header(MessageType.STREAM, MessageStatus.OK), Buffer.alloc(0)));
        state.end();
      },
      onData: (reader) => {
        state.reader = reader;
        for (const b of state.queue.splice(0)) reader(b);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    if (!socket) {
      if (this.keyDir) rmSync(this.keyDir, { recursive: true, force: true });
      return;
    }
    try {
      await withTimeout(this.send(socket, Proc.CONNECT_CLOSE, Buffer.alloc(0)), 2000);
    } catch {
      // Closing anyway.
    }
    this.drop(socket, new BackendError('cancelled', 'The libvirt connection was closed.'));
    if (this.keyDir) rmSync(this.keyDir, { recursive: true, force: true });
  }

  private send(socket: Duplex, proc: number, payload: Buffer, signal?: AbortSignal): Promise<XdrReader> {
    const serial = this.serial++;
    const message = encodeMessage(
      { prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc, type: MessageType.CALL, serial, status: MessageStatus.OK },
      payload,
    );
    return this.exchange(socket, serial, proc, message, signal);
  }

  private exchange(socket: Duplex, serial: number, proc: number, message: Buffer, signal?: AbortSignal): Promise<XdrReader> {
    const reply = this.expect(socket, serial, proc, signal);
    this.options.onCall?.(proc);
    socket.write(message);
    return reply;
  }

  private expect(socket: Duplex, serial: number, proc: number, signal?: AbortSignal): Promise<XdrReader> {
    const timeoutMs = this.options.requestMs ?? 60_000;
    return new Promise<XdrReader>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new BackendError('cancelled', 'The request was cancelled.'));
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(serial);
      };
      const onAbort = () => {
        done();
        reject(new BackendError('cancelled', 'The request was cancelled.'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new BackendError('timeout', `libvirt did not answer within ${Math.round(timeoutMs / 1000)} s.`));
        // Silence on the whole socket for that long (a host that vanished without a FIN): drop it,
        // so the next call reconnects instead of waiting on a dead socket again.
        if (Date.now() - this.lastReceived >= timeoutMs) {
          this.drop(socket, new BackendError('timeout', `The libvirt daemon at ${this.where()} stopped answering.`));
        }
      }, timeoutMs);
      timer.unref?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(serial, {
        proc,
        socket,
        resolve: (payload) => {
          done();
          resolve(payload);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  }

  private open(signal?: AbortSignal): Promise<Duplex> {
    if (this.closed) return Promise.reject(new BackendError('cancelled', 'The libvirt connection was closed.'));
    if (this.socket) return Promise.resolve(this.socket);
    if (!this.opening) {
      this.opening = this.connectAndOpen().finally(() => {
        this.opening = undefined;
      });
    }
    const opening = this.opening;
    if (!signal) return opening;
    return new Promise<Duplex>((resolve, reject) => {
      const onAbort = () => reject(new BackendError('cancelled', 'The request was cancelled.'));
      signal.addEventListener('abort', onAbort, { once: true });
      opening.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async connectAndOpen(): Promise<Duplex> {
    const socket = await withTimeout(
      this.connect().catch((error: Error) => {
        throw unreachable(this.where(), error);
      }),
      this.options.connectMs ?? 10_000,
      () => new BackendError('unreachable', `No answer from the libvirt daemon at ${this.where()}.`),
    );
    this.buffer = Buffer.alloc(0);
    this.lastReceived = Date.now();
    // The OS notices a peer that went away between calls; libvirt's own keepalive needs a client-side timer loop.
    if (socket instanceof net.Socket) socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (error: Error) => this.drop(socket, unreachable(this.where(), error)));
    socket.on('close', () => this.drop(socket, new BackendError('unreachable', `The libvirt daemon at ${this.where()} closed the connection.`)));
    // The TLS check paused the stream after its byte: flow again now that a reader is attached.
    socket.resume();
    try {
      // Only "none" is spoken here (UNIX socket as root or a permitted user, TLS client certificates, ssh):
      // SASL/polkit need interactive secrets a dashboard cannot answer.
      const auth = (await this.send(socket, Proc.AUTH_LIST, Buffer.alloc(0))).array((r) => r.int());
      if (auth.length > 0 && !auth.includes(0)) {
        throw new BackendError('auth_failed', 'The libvirt daemon asks for SASL or polkit authentication, which the dashboard does not support.', {
          detail: 'Use qemu+tls:// with a client certificate, qemu+ssh:// with a key, or set auth_tcp/auth_unix_rw = "none" for a trusted network.',
        });
      }
      const openArgs = new XdrWriter().optionalString(this.target.driverUri).uint(0).toBuffer();
      await this.send(socket, Proc.CONNECT_OPEN, openArgs);
      if (this.options.onLifecycle) {
        // eventID 0 = VIR_DOMAIN_EVENT_ID_LIFECYCLE, for every domain (a null domain pointer).
        try {
          await this.send(socket, Proc.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, new XdrWriter().int(0).int(0).toBuffer());
        } catch (error) {
          // A driver without events still serves everything else.
          if (!isBackendError(error, 'invalid_input')) throw error;
        }
      }
    } catch (error) {
      socket.destroy();
      throw error;
    }
    this.socket = socket;
    return socket;
  }

  private connect(): Promise<Duplex> {
    const t = this.target;
    switch (t.transport) {
      case 'unix':
        return connectFirst(t.socketPaths);
      case 'tcp':
        return once(net.connect({ host: t.host!, port: t.port! }), 'connect');
      case 'tls': {
        const c = this.credentials;
        return once(
          tls.connect({
            host: t.host!,
            port: t.port!,
            servername: net.isIP(t.host!) ? undefined : t.host,
            ca: c.caCert,
            cert: c.clientCert,
            key: c.clientKey,
            rejectUnauthorized: !(c.insecureSkipVerify || t.noVerify),
          }),
          'secureConnect',
        ).then(tlsConfirmation);
      }
      case 'ssh':
        return connectSsh(t, this.sshKeyFile() ?? t.keyFile);
    }
  }

  private keyDir?: string;

  private sshKeyFile(): string | undefined {
    const key = this.credentials.sshKey;
    if (!key) return undefined;
    if (!this.keyDir) this.keyDir = mkdtempSync(join(tmpdir(), 'virtdash-ssh-'));
    const file = join(this.keyDir, 'id');
    writeFileSync(file, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
    return file;
  }

  private lastReceived = 0;

  private onData(socket: Duplex, chunk: Buffer): void {
    this.lastReceived = Date.now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length < 4 + HEADER_BYTES || length > MAX_MESSAGE) {
        this.drop(socket, new BackendError('backend_error', 'The libvirt daemon sent a malformed message.'));
        return;
      }
      if (this.buffer.length < length) return;
      const message = this.buffer.subarray(4, length);
      this.buffer = this.buffer.subarray(length);
      this.dispatch(socket, message);
    }
  }

  private dispatch(socket: Duplex, message: Buffer): void {
    const reader = new XdrReader(message);
    const header = decodeHeader(reader);
    if (header.prog === KEEPALIVE_PROGRAM) {
      if (header.proc === KEEPALIVE_PING) {
        socket.write(encodeMessage({ ...header, proc: KEEPALIVE_PONG, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK }, Buffer.alloc(0)));
      }
      return;
    }
    if (header.prog !== REMOTE_PROGRAM) return;
    if (header.type === MessageType.MESSAGE) {
      if (header.proc === Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE && this.options.onLifecycle) {
        try {
          reader.int(); // callbackID: one subscription per connection
          this.options.onLifecycle({ dom: readDomain(reader), event: reader.int(), detail: reader.int() });
        } catch {
          // A malformed event is not worth the connection.
        }
      }
      return;
    }
    const stream = header.type === MessageType.STREAM ? this.streams.get(header.serial) : undefined;
    if (stream) {
      if (header.status === MessageStatus.CONTINUE) {
        const bytes = Buffer.from(message.subarray(message.length - reader.remaining));
        if (stream.reader) stream.reader(bytes);
        else stream.queue.push(bytes);
      } else if (header.status === MessageStatus.ERROR) {
        let error: BackendError;
        try {
          error = fromRemoteError(readRemoteError(reader));
        } catch {
          error = new BackendError('backend_error', 'libvirt ended the stream with an error it did not describe.');
        }
        stream.end(error);
      } else {
        stream.end(); // the daemon finished it (the guest's console closed)
      }
      return;
    }
    const pending = this.pending.get(header.serial);
    if (!pending) return; // cancelled or timed out: the late answer has no one to go to
    if (header.status === MessageStatus.ERROR) {
      let error: BackendError;
      try {
        error = fromRemoteError(readRemoteError(reader));
      } catch {
        error = new BackendError('backend_error', 'libvirt reported an error it did not describe.');
      }
      pending.reject(error);
      return;
    }
    // A CONTINUE on a stream we upload to carries no data for us; the final OK resolves.
    if (header.type === MessageType.STREAM && header.status === MessageStatus.CONTINUE) return;
    pending.resolve(reader);
  }

  private drop(socket: Duplex, error: BackendError): void {
    if (this.socket === socket) this.socket = undefined;
    socket.destroy();
    for (const stream of [...this.streams.values()]) if (stream.socket === socket) stream.end(error);
    for (const [serial, p] of [...this.pending]) {
      if (p.socket !== socket) continue; // a call on the newer connection
      this.pending.delete(serial);
      p.reject(error);
    }
  }

  private where(): string {
    const t = this.target;
    return t.transport === 'unix' ? t.socketPaths.join(' or ') : `${t.host}:${t.port ?? 22}`;
  }
}

function unreachable(where: string, error: Error): BackendError {
  if (isBackendError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME/i.test(code)) {
    return new BackendError('unreachable', `The TLS certificate of the libvirt daemon at ${where} was not accepted.`, { detail: error.message, cause: error });
  }
  return new BackendError('unreachable', `The libvirt daemon at ${where} cannot be reached.`, { detail: error.message, cause: error });
}

function once<T extends Duplex>(socket: T, event: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * After the TLS handshake libvirtd checks the client certificate (its CA, tls_allowed_dn_list)
 * and sends ONE byte: 1 when it accepts it. RPC messages start after that byte.
 */
function tlsConfirmation(socket: Duplex): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      cleanup();
      if (chunk[0] !== 1) {
        socket.destroy();
        reject(new BackendError('auth_failed', 'The libvirt daemon refused the client certificate.'));
        return;
      }
      if (chunk.length > 1) socket.unshift(chunk.subarray(1));
      resolve(socket);
    };
    const onEnd = () => {
      cleanup();
      reject(new BackendError('auth_failed', 'The libvirt daemon closed the TLS connection: it did not accept the client certificate.'));
    };
    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      socket.pause();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
  });
}

async function connectFirst(paths: string[]): Promise<Duplex> {
  let last: Error | undefined;
  for (const path of paths) {
    try {
      return await once(net.connect({ path }), 'connect');
    } catch (error) {
      last = error as Error;
    }
  }
  throw unreachable(paths.join(' or '), last ?? new Error('no socket path'));
}

/**
 * qemu+ssh: like libvirt itself, run the remote end of the pipe over ssh
 * (virt-ssh-helper on libvirt ≥ 6.8, else netcat onto the daemon's socket).
 * BatchMode: key-based only, a password prompt would hang the dashboard.
 */
// The remote command goes through the remote login shell: only characters no shell treats specially.
const SHELL_SAFE = /^[\w./:?=&%+@,-]+$/;

function connectSsh(t: LibvirtTarget, keyFile?: string): Promise<Duplex> {
  if (!SHELL_SAFE.test(t.driverUri) || !SHELL_SAFE.test(t.remoteSocket)) {
    return Promise.reject(new BackendError('invalid_input', 'The libvirt URI has characters that cannot be passed over ssh safely.'));
  }
  // An explicit socket= names the daemon's socket on the far side: netcat straight onto it.
  const remote = t.explicitSocket
    ? `exec nc -U '${t.remoteSocket}'`
    : `if command -v virt-ssh-helper >/dev/null 2>&1; then exec virt-ssh-helper '${t.driverUri}'; else exec nc -U '${t.remoteSocket}'; fi`;
  const args = ['-T', '-e', 'none', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'ServerAliveInterval=30'];
  if (t.port) args.push('-p', String(t.port));
  if (t.user) args.push('-l', t.user);
  if (keyFile) args.push('-i', keyFile, '-o', 'IdentitiesOnly=yes');
  args.push('--', t.host!, `sh -c "${remote.replace(/"/g, '\\"')}"`);
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
    child.once('error', (error) => reject(unreachable(`${t.host}`, error)));
    child.once('exit', (code) => {
      const error = new BackendError('unreachable', `ssh to ${t.host} ended (exit ${code}).`, { detail: stderr.trim() || undefined });
      reject(error);
      duplex.destroy(error);
    });
    duplex.on('close', () => child.kill());
    // ssh gives no "connected" signal: the AUTH_LIST round trip that follows proves the pipe works.
    child.once('spawn', () => resolve(duplex));
  });
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout?: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout?.() ?? new BackendError('timeout', 'libvirt did not answer in time.')), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
