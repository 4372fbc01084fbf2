// The two RFB handshakes the relay speaks itself, so the VM's console password never leaves the
// server: towards the VM it answers VNC Authentication with the backend's one-time password;
// towards the browser it offers security type None (the console ticket already proved who it
// is). After both, the relay only copies bytes: ClientInit, ServerInit and everything later pass
// through unchanged. RFB 3.3, 3.7 and 3.8 servers are accepted (QEMU speaks 3.8).
import type { ByteReader } from './byte-reader';
import { vncAuthResponse } from './vnc-auth';

export class ConsoleHandshakeError extends Error {
  override readonly name = 'ConsoleHandshakeError';
}

const NONE = 1;
const VNC_AUTH = 2;
const MAX_REASON = 4096;

async function readReason(reader: ByteReader): Promise<string> {
  const length = (await reader.read(4)).readUInt32BE(0);
  if (length > MAX_REASON) return 'no reason given';
  return length ? (await reader.read(length)).toString('utf8') : 'no reason given';
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** VM side, up to the point where the VNC server waits for ClientInit. */
export async function authenticateToVnc(reader: ByteReader, write: (b: Buffer) => void, password: string | null): Promise<void> {
  const greeting = (await reader.read(12)).toString('latin1');
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(greeting);
  if (!m) throw new ConsoleHandshakeError('The console endpoint does not speak VNC (no RFB greeting).');
  const major = Number(m[1]);
  const minor = major > 3 ? 8 : Number(m[2]);
  const use = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
  write(Buffer.from(`RFB 003.00${use}\n`, 'latin1'));

  let type: number;
  if (use === 3) {
    type = (await reader.read(4)).readUInt32BE(0);
    if (type === 0) throw new ConsoleHandshakeError(`The VNC server refused the connection: ${await readReason(reader)}`);
  } else {
    const count = (await reader.read(1))[0];
    if (count === 0) throw new ConsoleHandshakeError(`The VNC server refused the connection: ${await readReason(reader)}`);
    const offered = [...(await reader.read(count))];
    type = password && offered.includes(VNC_AUTH) ? VNC_AUTH : offered.includes(NONE) ? NONE : offered.includes(VNC_AUTH) ? VNC_AUTH : 0;
    if (!type) {
      throw new ConsoleHandshakeError(`The VNC server offers only security types the relay cannot answer (${offered.join(', ')}).`);
    }
    write(Buffer.from([type]));
  }
  if (type !== NONE && type !== VNC_AUTH) throw new ConsoleHandshakeError(`The VNC server chose an unsupported security type (${type}).`);
  if (type === VNC_AUTH) {
    if (!password) throw new ConsoleHandshakeError('The VNC server asks for a password, and the backend gave none.');
    write(vncAuthResponse(await reader.read(16), password));
  }
  // RFB 3.8 always sends a SecurityResult; older versions only after VNC Authentication.
  if (type === VNC_AUTH || use === 8) {
    const result = (await reader.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const reason = use === 8 ? await readReason(reader) : 'authentication failed';
      throw new ConsoleHandshakeError(`The VNC server refused the console password: ${reason}`);
    }
  }
}

/** Browser side: RFB 3.8 with security None. Resolves once the browser may send ClientInit. */
export async function greetBrowser(reader: ByteReader, write: (b: Buffer) => void): Promise<void> {
  write(Buffer.from('RFB 003.008\n', 'latin1'));
  const version = (await reader.read(12)).toString('latin1');
  if (!/^RFB 003\.00[78]\n$/.test(version)) throw new ConsoleHandshakeError('The browser does not speak RFB 3.7 or 3.8.');
  write(Buffer.from([1, NONE]));
  const choice = (await reader.read(1))[0];
  if (choice !== NONE) throw new ConsoleHandshakeError('The browser chose a security type that was not offered.');
  if (version === 'RFB 003.008\n') write(u32(0));
}

/**
 * Tells the browser why there is no screen, the RFB way (zero security types and a reason), so
 * noVNC reports the reason instead of a bare "disconnected".
 */
export async function refuseBrowser(reader: ByteReader, write: (b: Buffer) => void, reason: string): Promise<void> {
  write(Buffer.from('RFB 003.008\n', 'latin1'));
  await reader.read(12);
  const text = Buffer.from(reason, 'utf8');
  write(Buffer.concat([Buffer.from([0]), u32(text.length), text]));
}
