import { describe, expect, it } from 'vitest';
import { exchangeSettings, tlsMessage, toBackendError } from './exchange';
import { HttpFailure } from './send';

const settings = exchangeSettings('c', 'the oVirt engine at https://engine.example', {});

describe('TLS failures', () => {
  it.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /is not trusted\. Add its CA certificate/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /is not trusted\. Add its CA certificate/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /is not trusted\. Add its CA certificate/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /is not issued for this host name/],
    ['CERT_HAS_EXPIRED', /has expired or is not valid yet/],
    ['EPROTO', /TLS handshake .* failed\. Check that the URL's scheme and port serve HTTPS/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', /TLS handshake .* failed/],
  ])('%s → unreachable with the matching advice, the cause as detail', (errno, message) => {
    const error = toBackendError(new HttpFailure('tls', 'handshake failed', errno), settings);
    expect(error).toMatchObject({ code: 'unreachable', detail: errno });
    expect(error.message).toMatch(message);
    expect(error.message).toContain('https://engine.example');
  });

  it('no errno: the usual "not trusted"', () => {
    expect(tlsMessage('x', undefined)).toMatch(/not trusted/);
  });
});
