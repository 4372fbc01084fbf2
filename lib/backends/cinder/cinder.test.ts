import { describe, expect, it } from 'vitest';
import { findEndpoint } from './keystone';
import { errorFromAnswer } from './faults';
import { featuresFor, negotiate, v3Range } from './microversion';
import { cinderUrlProblem, joinCinderUrl, parseCinderSettings, splitCinderUrl } from './settings';
import { toLimits, toVolume, volumeStatus } from './transform';

describe('connection URL', () => {
  it('reads the Keystone scope and endpoint choice from the query', () => {
    expect(parseCinderSettings('https://ks.example:5000/v3?project=demo&region=R1&interface=internal&user_domain=Ops')).toEqual({
      mode: 'keystone',
      authUrl: 'https://ks.example:5000/v3',
      project: 'demo',
      userDomain: 'Ops',
      projectDomain: 'Default',
      region: 'R1',
      interface: 'internal',
    });
    expect(parseCinderSettings('https://ks.example:5000?project=demo')).toMatchObject({ authUrl: 'https://ks.example:5000/v3' });
  });

  it('noauth keeps the Cinder root whatever the operator pasted', () => {
    expect(parseCinderSettings('http://c:8776/v3/abc?auth=noauth&project=abc')).toEqual({ mode: 'noauth', endpointRoot: 'http://c:8776', project: 'abc' });
  });

  it.each([
    ['http://k/v3', 'projectRequired'],
    ['http://k/v3?project=p&colour=red', 'unknownOption'],
    ['http://k/v3?project=p&interface=private', 'interfaceInvalid'],
    ['http://k/v3?project=p', undefined],
  ])('%s → %s', (url, problem) => {
    expect(cinderUrlProblem(url)).toBe(problem);
  });

  it('split and join are inverse, leaving defaults out', () => {
    const url = 'http://k:5000/v3?project=demo&region=R1';
    expect(joinCinderUrl(splitCinderUrl(url)!)).toBe(url);
    expect(joinCinderUrl({ base: 'http://k/v3', auth: 'keystone', project: 'p', userDomain: 'Default', interface: 'public' })).toBe('http://k/v3?project=p');
  });
});

describe('service catalog', () => {
  const endpoints = (url: string) => [
    { interface: 'public', region_id: 'R1', url: `${url}/public` },
    { interface: 'internal', region_id: 'R2', url: `${url}/internal` },
  ];
  it('prefers block-storage over volumev3 and honours interface and region', () => {
    const catalog = [
      { type: 'volumev3', endpoints: endpoints('http://old') },
      { type: 'block-storage', endpoints: endpoints('http://new') },
    ];
    expect(findEndpoint(catalog, { interface: 'public' })).toBe('http://new/public');
    expect(findEndpoint(catalog, { interface: 'internal', region: 'R2' })).toBe('http://new/internal');
    expect(findEndpoint(catalog, { interface: 'internal', region: 'R1' })).toBeUndefined();
    expect(findEndpoint([catalog[0]!], { interface: 'public' })).toBe('http://old/public');
  });
});

describe('microversions', () => {
  it.each([
    [{ min: '3.0', max: '3.70' }, '3.64'],
    [{ min: '3.0', max: '3.27' }, '3.27'],
    [{ min: '3.0', max: '3.0' }, '3.0'],
  ])('%j → %s', (range, chosen) => {
    expect(negotiate(range)).toBe(chosen);
  });
  it('reads the root (300) and /v3 documents', () => {
    expect(v3Range({ versions: [{ id: 'v3.0', version: '3.70', min_version: '3.0' }] })).toEqual({ min: '3.0', max: '3.70' });
    expect(v3Range({ version: { id: 'v3.0', version: '', min_version: '' } })).toEqual({ min: '3.0', max: '3.0' });
    expect(v3Range({ versions: [{ id: 'v2.0', version: '' }] })).toBeUndefined();
  });
  it('switches features off below their version and says which', () => {
    expect(featuresFor('3.30', '3.30', false)).toMatchObject({ revertToSnapshot: false, countTotals: false, requires: { revertToSnapshot: '3.40', countTotals: '3.45' } });
  });
});

describe('transforms and faults', () => {
  it('maps every Cinder status word', () => {
    expect(volumeStatus('in-use')).toBe('in_use');
    expect(volumeStatus('error_extending')).toBe('error');
    expect(volumeStatus('retyping')).toBe('busy');
    expect(volumeStatus('')).toBe('unknown');
  });
  it('reads a volume: bootable as a string, sizes in GiB, dates without a zone as UTC', () => {
    const v = toVolume('c', { id: 'v1', name: '', status: 'available', size: 2, bootable: 'true', created_at: '2026-11-23T10:00:00.000000', attachments: [] });
    expect(v).toMatchObject({ id: 'c:v1', name: 'v1', bootable: true, sizeBytes: 2 * 1024 ** 3 });
    expect(v.createdAt?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });
  it('reads limits; -1 is unlimited', () => {
    expect(toLimits({ limits: { absolute: { maxTotalVolumes: -1, totalVolumesUsed: 3, maxTotalVolumeGigabytes: 100, totalGigabytesUsed: 40 } } })).toMatchObject({
      volumes: { used: 3 },
      gigabytes: { used: 40, limit: 100 },
    });
  });
  it('keeps the service words of Cinder and Keystone errors', () => {
    const quota = errorFromAnswer(413, '{"overLimit":{"code":413,"message":"VolumeSizeExceedsAvailableQuota: …"}}');
    expect(quota).toMatchObject({ code: 'conflict', status: 413, detail: 'VolumeSizeExceedsAvailableQuota: …' });
    expect(errorFromAnswer(404, '{"itemNotFound":{"code":404,"message":"Volume x could not be found."}}')).toMatchObject({ code: 'not_found' });
    expect(errorFromAnswer(401, '{"error":{"code":401,"title":"Unauthorized","message":"nope"}}', 'Keystone')).toMatchObject({ code: 'auth_failed', detail: 'nope' });
    expect(errorFromAnswer(406, '{"computeFault":{"code":406,"message":"Version 3.99 is not supported"}}').message).toMatch(/API version/);
  });
});
