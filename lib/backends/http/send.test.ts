import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError, createAgent } from './send';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('classifyNetworkError', () => {
  it.each([
    ['ECONNREFUSED', 'unreachable'],
    ['ENOTFOUND', 'unreachable'],
    ['EAI_AGAIN', 'unreachable'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ETIMEDOUT', 'connect_timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['EPROTO', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
  ])('%s → %s', (code, kind) => {
    expect(classifyNetworkError(errno(code)).kind).toBe(kind);
  });
});

describe('createAgent', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  it('trusts a private CA and checks certificates by default', () => {
    const agent = createAgent(new URL('https://engine.example'), { caCert: PEM }) as https.Agent;
    expect(agent).toBeInstanceOf(https.Agent);
    expect(agent.options.ca).toBe(PEM);
    expect(agent.options.rejectUnauthorized).toBe(true);
    agent.destroy();
  });

  it('skips verification only when asked explicitly', () => {
    const agent = createAgent(new URL('https://engine.example'), { insecureSkipVerify: true }) as https.Agent;
    expect(agent.options.rejectUnauthorized).toBe(false);
    agent.destroy();
  });

  it('plain http (tests, fakes) gets a plain agent', () => {
    const agent = createAgent(new URL('http://127.0.0.1:1'), {});
    expect(agent).not.toBeInstanceOf(https.Agent);
    agent.destroy();
  });
});
