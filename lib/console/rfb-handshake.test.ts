import { describe, expect, it } from 'vitest';
import { vncResponse } from '@/fakes/ovirt/rfb';
import { ByteReader } from './byte-reader';
import { authenticateToVnc, greetBrowser } from './rfb-handshake';
import { vncAuthResponse } from './vnc-auth';

/** A scripted server: each write of the relay is recorded; the server's bytes are pushed up front. */
function scripted(serverBytes: Buffer[]) {
  const reader = new ByteReader();
  for (const b of serverBytes) reader.push(b);
  const written: Buffer[] = [];
  return { reader, written, write: (b: Buffer) => void written.push(b) };
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

describe('VNC handshake towards the VM', () => {
  it('answers VNC Authentication like the demo server expects (the two DES implementations agree)', async () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(vncAuthResponse(challenge, 'p4ssw0rd')).toEqual(vncResponse(challenge, 'p4ssw0rd'));
    // RFB cuts passwords at 8 characters.
    expect(vncAuthResponse(challenge, 'p4ssw0rd-and-more')).toEqual(vncAuthResponse(challenge, 'p4ssw0rd'));
    const s = scripted([Buffer.from('RFB 003.008\n'), Buffer.from([2, 1, 2]), challenge, u32(0)]);
    await authenticateToVnc(s.reader, s.write, 'p4ssw0rd');
    expect(s.written[0].toString()).toBe('RFB 003.008\n');
    expect([...s.written[1]]).toEqual([2]);
    expect(s.written[2]).toEqual(vncResponse(challenge, 'p4ssw0rd'));
  });

  it('speaks RFB 3.3 (the server picks the type) and 3.7 (no SecurityResult after None)', async () => {
    const challenge = Buffer.alloc(16, 7);
    const v33 = scripted([Buffer.from('RFB 003.003\n'), u32(2), challenge, u32(0)]);
    await authenticateToVnc(v33.reader, v33.write, 'x');
    expect(v33.written.map((b) => b.length)).toEqual([12, 16]);
    const v37 = scripted([Buffer.from('RFB 003.007\n'), Buffer.from([1, 1])]);
    await authenticateToVnc(v37.reader, v37.write, null);
    expect(v37.written[0].toString()).toBe('RFB 003.007\n');
  });

  it('reports the server\'s own reason', async () => {
    const reason = Buffer.from('Too many security failures');
    const s = scripted([Buffer.from('RFB 003.008\n'), Buffer.from([0]), u32(reason.length), reason]);
    await expect(authenticateToVnc(s.reader, s.write, 'x')).rejects.toThrow(/Too many security failures/);
    const wrong = scripted([Buffer.from('RFB 003.008\n'), Buffer.from([1, 2]), Buffer.alloc(16), u32(1), u32(6), Buffer.from('denied')]);
    await expect(authenticateToVnc(wrong.reader, wrong.write, 'x')).rejects.toThrow(/refused the console password: denied/);
    const http = scripted([Buffer.from('HTTP/1.1 400 ')]);
    await expect(authenticateToVnc(http.reader, http.write, 'x')).rejects.toThrow(/does not speak VNC/);
    const noPassword = scripted([Buffer.from('RFB 003.008\n'), Buffer.from([1, 2])]);
    await expect(authenticateToVnc(noPassword.reader, noPassword.write, null)).rejects.toThrow(/asks for a password/);
  });
});

describe('RFB towards the browser', () => {
  it('offers security None only', async () => {
    const s = scripted([Buffer.from('RFB 003.008\n'), Buffer.from([1])]);
    await greetBrowser(s.reader, s.write);
    expect(Buffer.concat(s.written)).toEqual(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1, 1]), u32(0)]));
  });
});
