import { describe, expect, it } from 'vitest';
import { decodeHeader, encodeMessage, readTypedParams, uuidFromString, uuidToString } from './protocol';
import { XdrReader, XdrWriter } from './xdr';

describe('XDR', () => {
  it('pads strings and opaques to 4 bytes, big-endian', () => {
    const buf = new XdrWriter().string('abcde').uint(7).toBuffer();
    expect(buf.toString('hex')).toBe('00000005' + '6162636465000000' + '00000007');
    const r = new XdrReader(buf);
    expect(r.string()).toBe('abcde');
    expect(r.uint()).toBe(7);
    expect(r.remaining).toBe(0);
  });

  it('round-trips hypers beyond 32 bits and optional strings', () => {
    const buf = new XdrWriter().uhyper(5 * 1024 ** 4).hyper(-2).optionalString(undefined).optionalString('x').toBuffer();
    const r = new XdrReader(buf);
    expect([r.uhyper(), r.hyper(), r.optionalString(), r.optionalString()]).toEqual([5 * 1024 ** 4, -2, undefined, 'x']);
  });

  it('refuses a message that ends early or claims an impossible array', () => {
    expect(() => new XdrReader(Buffer.from('000000', 'hex')).uint()).toThrow(RangeError);
    expect(() => new XdrReader(Buffer.from('7fffffff', 'hex')).array((r) => r.int())).toThrow(RangeError);
  });

  it('decodes every typed parameter kind (bulk stats)', () => {
    const w = new XdrWriter().uint(4);
    w.string('state.state').int(1).int(1);
    w.string('balloon.maximum').int(4).uhyper(2097152);
    w.string('block.0.path').int(7).string('/var/lib/libvirt/images/a.qcow2');
    w.string('cpu.ok').int(6).int(1);
    const params = readTypedParams(new XdrReader(w.toBuffer()));
    expect(Object.fromEntries(params)).toEqual({
      'state.state': 1,
      'balloon.maximum': 2097152,
      'block.0.path': '/var/lib/libvirt/images/a.qcow2',
      'cpu.ok': true,
    });
  });

  it('frames a message with its length and header', () => {
    const msg = encodeMessage({ prog: 0x20008086, vers: 1, proc: 273, type: 0, serial: 9, status: 0 }, Buffer.from('0000000100000000', 'hex'));
    expect(msg.readUInt32BE(0)).toBe(msg.length);
    const header = decodeHeader(new XdrReader(msg.subarray(4)));
    expect(header).toEqual({ prog: 0x20008086, vers: 1, proc: 273, type: 0, serial: 9, status: 0 });
  });

  it('formats and parses UUIDs', () => {
    const text = '6695eb01-f6a4-8304-79aa-97f2502e1001';
    expect(uuidToString(uuidFromString(text)!)).toBe(text);
    expect(uuidFromString('web01')).toBeUndefined();
  });
});
