import { describe, expect, it } from 'vitest';
import { buildVvFile } from './vv';

describe('buildVvFile', () => {
  it('writes what remote-viewer needs, one key per line', () => {
    const text = buildVvFile(
      { connectionId: 'c', vm: { id: 'c:1' }, protocol: 'spice', host: '10.0.0.5', port: 5900, tlsPort: 5901, password: 'p4ss' },
      'web-01\n[evil]',
    );
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('[virt-viewer]');
    expect(lines).toContain('type=spice');
    expect(lines).toContain('host=10.0.0.5');
    expect(lines).toContain('port=5900');
    expect(lines).toContain('tls-port=5901');
    expect(lines).toContain('password=p4ss');
    expect(lines).toContain('title=web-01 [evil]');
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(1);
  });

  it('leaves out what the endpoint does not have', () => {
    const text = buildVvFile({ connectionId: 'c', vm: { id: 'c:1' }, protocol: 'vnc', host: 'h' }, 't');
    expect(text).not.toMatch(/^(port|tls-port|password)=/m);
  });
});
