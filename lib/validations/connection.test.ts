import { describe, expect, it } from 'vitest';
import { CONNECTION_ERRORS as E, connectionFieldErrors, connectionSchema, normaliseEngineUrl } from './connection';

const PEM = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUQ2V4YW1wbGVDQQ==
-----END CERTIFICATE-----`;

const base = {
  kind: 'ovirt',
  name: '  Lab engine ',
  url: 'https://engine.example.com/ovirt-engine/api/',
  username: 'admin@internal',
  password: 'demo-admin',
  insecureSkipVerify: false,
  useFilter: false,
  enabled: true,
};

function errorsOf(input: unknown) {
  const result = connectionSchema.safeParse(input);
  expect(result.success).toBe(false);
  return connectionFieldErrors(result.error!);
}

describe('connectionSchema', () => {
  it('accepts a valid oVirt connection, trims the name and normalises the URL', () => {
    const out = connectionSchema.parse(base);
    expect(out).toMatchObject({ kind: 'ovirt', name: 'Lab engine', url: 'https://engine.example.com', enabled: true });
    expect(out.id).toBeUndefined();
    expect(out.caCert).toBeUndefined();
  });

  it.each([
    ['https://engine.example.com', 'https://engine.example.com'],
    ['https://engine.example.com/', 'https://engine.example.com'],
    ['https://engine.example.com/ovirt-engine', 'https://engine.example.com'],
    ['https://engine.example.com/ovirt-engine/', 'https://engine.example.com'],
    ['https://engine.example.com/ovirt-engine/api', 'https://engine.example.com'],
    ['https://engine.example.com:8443/ovirt-engine/api', 'https://engine.example.com:8443'],
    ['https://proxy.example.com/lab/ovirt-engine/api', 'https://proxy.example.com/lab'],
    ['http://127.0.0.1:40123', 'http://127.0.0.1:40123'],
  ])('oVirt URL %s → %s', (url, expected) => {
    expect(connectionSchema.parse({ ...base, url }).url).toBe(expected);
    expect(normaliseEngineUrl(url)).toBe(expected);
  });

  it('normalising is idempotent: the output parses to itself', () => {
    const once = connectionSchema.parse(base);
    expect(connectionSchema.parse(once)).toEqual(once);
  });

  it('rejects bad URLs with i18n keys', () => {
    expect(errorsOf({ ...base, url: 'not a url' }).url).toEqual([E.urlInvalid]);
    expect(errorsOf({ ...base, url: 'ftp://engine.example.com' }).url).toEqual([E.urlScheme]);
    expect(errorsOf({ ...base, url: 'https://admin:pw@engine.example.com' }).url).toEqual([E.urlCredentials]);
    expect(errorsOf({ ...base, url: 'https://engine.example.com/?x=1' }).url).toEqual([E.urlInvalid]);
    expect(errorsOf({ ...base, url: '   ' }).url).toEqual([E.urlRequired]);
    expect(errorsOf({ ...base, url: undefined }).url).toEqual([E.urlRequired]);
  });

  it('checks the name', () => {
    expect(errorsOf({ ...base, name: '   ' }).name).toEqual([E.nameRequired]);
    expect(errorsOf({ ...base, name: 'x'.repeat(65) }).name).toEqual([E.nameTooLong]);
    expect(connectionSchema.parse({ ...base, name: 'x'.repeat(64) }).name).toHaveLength(64);
  });

  it('Cinder: the Keystone URL carries the project in its query; without it the URL is refused', () => {
    const cinder = { ...base, kind: 'cinder', username: 'admin' };
    expect(connectionSchema.parse({ ...cinder, url: 'https://keystone.example.com:5000/v3/?project=demo&region=RegionOne' }).url).toBe(
      'https://keystone.example.com:5000/v3?project=demo&region=RegionOne',
    );
    expect(errorsOf({ ...cinder, url: 'https://keystone.example.com:5000/v3' }).url).toEqual([E.cinderUrl]);
    expect(errorsOf({ ...cinder, url: 'https://keystone.example.com:5000/v3?project=demo&tenant=x' }).url).toEqual([E.cinderUrl]);
    // oVirt engines still take no query.
    expect(errorsOf({ ...base, url: 'https://engine.example.com/?project=demo' }).url).toEqual([E.urlInvalid]);
  });

  it('rejects an unknown kind', () => {
    expect(errorsOf({ ...base, kind: 'vmware' }).kind).toEqual([E.kindInvalid]);
  });

  it('oVirt needs user@profile and, when adding, a password', () => {
    expect(errorsOf({ ...base, username: '' }).username).toEqual([E.usernameRequired]);
    expect(errorsOf({ ...base, username: 'admin' }).username).toEqual([E.usernameProfile]);
    expect(errorsOf({ ...base, password: '' }).password).toEqual([E.passwordRequired]);
  });

  it('editing (id present): an empty password means keep the stored one', () => {
    const out = connectionSchema.parse({ ...base, id: 'cm0abc', password: '' });
    expect(out.id).toBe('cm0abc');
    expect(out.password).toBeUndefined();
  });

  it('keeps spaces inside passwords', () => {
    expect(connectionSchema.parse({ ...base, password: ' p w ' }).password).toBe(' p w ');
  });

  it('reports every problem at once, including cross-field ones', () => {
    const errors = errorsOf({ ...base, name: '', username: 'admin', password: '' });
    expect(errors.name).toEqual([E.nameRequired]);
    expect(errors.username).toEqual([E.usernameProfile]);
    expect(errors.password).toEqual([E.passwordRequired]);
  });

  it('accepts a PEM CA certificate and refuses anything else', () => {
    expect(connectionSchema.parse({ ...base, caCert: `\n${PEM}\n` }).caCert).toBe(PEM);
    expect(connectionSchema.parse({ ...base, caCert: '' }).caCert).toBeUndefined();
    expect(errorsOf({ ...base, caCert: 'hello' }).caCert).toEqual([E.caCertInvalid]);
    const key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    expect(errorsOf({ ...base, caCert: `${PEM}\n${key}` }).caCert).toEqual([E.caCertInvalid]);
  });

  it('oVirt serial console proxy port: empty is the default (2222), else a port number', () => {
    expect(connectionSchema.parse({ ...base, serialConsolePort: '' }).serialConsolePort).toBeUndefined();
    expect(connectionSchema.parse({ ...base, serialConsolePort: ' 2223 ' }).serialConsolePort).toBe(2223);
    for (const bad of ['0', '65536', '22.5', 'ssh'] as const) expect(errorsOf({ ...base, serialConsolePort: bad }).serialConsolePort).toEqual([E.serialConsolePortInvalid]);
  });

  it('reads HTML form booleans: "on" is true, absent is false', () => {
    const out = connectionSchema.parse({ ...base, insecureSkipVerify: 'on', useFilter: undefined, enabled: 'true' });
    expect(out).toMatchObject({ insecureSkipVerify: true, useFilter: false, enabled: true });
    const fromForm = new FormData();
    for (const [k, v] of Object.entries({ kind: 'ovirt', name: 'F', url: 'https://e.example', username: 'a@internal', password: 'p', enabled: 'on' })) {
      fromForm.set(k, v);
    }
    expect(connectionSchema.parse(Object.fromEntries(fromForm))).toMatchObject({ enabled: true, useFilter: false, insecureSkipVerify: false });
    expect(errorsOf({ ...base, enabled: 'maybe' }).enabled).toEqual([E.booleanInvalid]);
  });

  it('libvirt: a libvirt URI, username optional, no password in the URI', () => {
    const lv = { kind: 'libvirt', name: 'kvm1', url: 'qemu+ssh://root@kvm1.example/system' };
    const out = connectionSchema.parse(lv);
    expect(out.url).toBe('qemu+ssh://root@kvm1.example/system');
    expect(out.username).toBeUndefined();
    expect(connectionSchema.parse({ ...lv, url: 'qemu:///system' }).url).toBe('qemu:///system');
    expect(errorsOf({ ...lv, url: 'https://kvm1.example' }).url).toEqual([E.urlScheme]);
    expect(errorsOf({ ...lv, url: 'qemu+ssh://root:pw@kvm1.example/system' }).url).toEqual([E.urlCredentials]);
  });

  it('cinder: an http(s) Keystone URL without trailing slash, user and password required', () => {
    const c = { kind: 'cinder', name: 'os', url: 'https://keystone.example:5000/v3/?project=demo', username: 'admin', password: 'x' };
    expect(connectionSchema.parse(c).url).toBe('https://keystone.example:5000/v3?project=demo');
    expect(errorsOf({ ...c, username: '' }).username).toEqual([E.usernameRequired]);
  });

  it('every message is an i18n key', () => {
    const result = connectionSchema.safeParse({ kind: 'x', name: 5, url: 7, enabled: 'maybe', caCert: 'no' });
    expect(result.success).toBe(false);
    const keys = new Set<string>(Object.values(E));
    for (const issue of result.error!.issues) expect(keys).toContain(issue.message);
  });
});
