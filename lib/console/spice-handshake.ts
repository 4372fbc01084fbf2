// The SPICE link handshake, relayed with one change: the browser's encrypted password is
// replaced by the backend's, encrypted by the relay with the VM's own public key. So, as for VNC,
// the console password never reaches the browser (spice-html5 is given none and sends an empty
// one). Every SPICE channel (main, display, inputs, cursor…) links this way over its own socket.
import crypto from 'node:crypto';
import type { ByteReader } from './byte-reader';
import { ConsoleHandshakeError } from './rfb-handshake';

const MAGIC = 0x51444552; // "REDQ", little-endian
const PUBKEY_BYTES = 162; // SPICE_TICKET_PUBKEY_BYTES: DER SubjectPublicKeyInfo of an RSA-1024 key
const MAX_LINK_BODY = 64 * 1024;

async function readLinkMessage(reader: ByteReader, who: string): Promise<{ header: Buffer; body: Buffer }> {
  const header = await reader.read(16);
  if (header.readUInt32LE(0) !== MAGIC) throw new ConsoleHandshakeError(`The ${who} does not speak SPICE (no REDQ magic).`);
  const size = header.readUInt32LE(12);
  if (size > MAX_LINK_BODY) throw new ConsoleHandshakeError(`The ${who}'s SPICE link message is too large.`);
  return { header, body: await reader.read(size) };
}

const AUTH_SELECTION = 1 << 0; // SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION

/** Bit 0 of the first common capability word, at `capsOffset` within the body (after `countAt`). */
function selectsAuth(body: Buffer, countAt: number, capsOffset: number): boolean {
  if (body.length < countAt + 4 || body.readUInt32LE(countAt) === 0 || body.length < capsOffset + 4) return false;
  return (body.readUInt32LE(capsOffset) & AUTH_SELECTION) !== 0;
}

export async function relaySpiceLink(
  browser: ByteReader,
  vm: ByteReader,
  toBrowser: (b: Buffer) => void,
  toVm: (b: Buffer) => void,
  password: string | null,
): Promise<void> {
  const link = await readLinkMessage(browser, 'browser');
  toVm(Buffer.concat([link.header, link.body]));
  const reply = await readLinkMessage(vm, 'console endpoint');
  toBrowser(Buffer.concat([reply.header, reply.body]));
  const error = reply.body.length >= 4 ? reply.body.readUInt32LE(0) : 1;
  if (error !== 0) throw new ConsoleHandshakeError(`The SPICE server refused the channel (link error ${error}).`);
  const publicKey = crypto.createPublicKey({ key: reply.body.subarray(4, 4 + PUBKEY_BYTES), format: 'der', type: 'spki' });
  // With PROTOCOL_AUTH_SELECTION on both sides (spice-html5 and QEMU announce it) the client first
  // names the mechanism (4 bytes); then comes the 128-byte RSA block.
  // Client link body: connection_id u32, type u8, id u8, num_common_caps u32, num_channel_caps u32, caps_offset u32.
  // Server reply body: error u32, pub_key[162], num_common_caps u32, num_channel_caps u32, caps_offset u32.
  const clientSelects = link.body.length >= 18 && selectsAuth(link.body, 6, link.body.readUInt32LE(14));
  const serverSelects = reply.body.length >= 178 && selectsAuth(reply.body, 166, reply.body.readUInt32LE(174));
  const mechanismBytes = clientSelects && serverSelects ? 4 : 0;
  const ticket = await browser.read(mechanismBytes + 128);
  const encrypted = crypto.publicEncrypt(
    { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(`${password ?? ''}\0`, 'utf8'),
  );
  toVm(Buffer.concat([ticket.subarray(0, mechanismBytes), encrypted]));
}
