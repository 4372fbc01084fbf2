import { describe, expect, it } from 'vitest';
import { eventSearch, listHref, listSearch, parseEventParams, parseListParams, parseVmTab, toListQuery } from './inventory';

describe('list URL state', () => {
  it('defaults when the URL is empty', () => {
    expect(parseListParams('vms', {})).toEqual({ page: 1, size: 50, dir: 'asc' });
    expect(listSearch(parseListParams('vms', {}))).toBe('');
  });

  it('round-trips every field through the URL', () => {
    const raw = new URLSearchParams('q=web&query=cluster%3DDefault&status=running&sort=host&dir=desc&size=100&page=3&connection=abc');
    const params = parseListParams('vms', raw);
    expect(params).toEqual({ page: 3, size: 100, q: 'web', query: 'cluster=Default', status: 'running', sort: 'host', dir: 'desc', connection: 'abc' });
    expect(parseListParams('vms', new URLSearchParams(listSearch(params)))).toEqual(params);
  });

  it('falls back instead of failing on bad bookmarks', () => {
    const params = parseListParams('vms', { page: '-4', size: '30', dir: 'sideways', status: 'exploded', sort: 'password', connection: 'a:b' });
    expect(params).toEqual({ page: 1, size: 50, dir: 'asc' });
  });

  it('drops what a list does not support', () => {
    expect(parseListParams('clusters', { status: 'up', sort: 'status' })).toEqual({ page: 1, size: 50, dir: 'asc' });
    expect(parseListParams('vms', { type: 'iso' }).type).toBeUndefined();
    expect(parseListParams('storageDomains', { type: 'iso' }).type).toBe('iso');
    expect(parseListParams('storageDomains', { type: 'volume' }).type).toBeUndefined();
  });

  it('cluster and host filters where the list has them', () => {
    const params = parseListParams('vms', { cluster: 'prod-amd', host: 'amd-01' });
    expect(toListQuery(params).filters).toEqual({ cluster: 'prod-amd', host: 'amd-01' });
    expect(listSearch(params)).toBe('cluster=prod-amd&host=amd-01');
    expect(parseListParams('hosts', { cluster: 'lab', host: 'x' })).toEqual({ page: 1, size: 50, dir: 'asc', cluster: 'lab' });
    expect(parseListParams('templates', { cluster: 'lab' }).cluster).toBeUndefined();
  });

  it('accepts only the offered page sizes', () => {
    for (const size of [25, 50, 100, 500]) expect(parseListParams('vms', { size: String(size) }).size).toBe(size);
    expect(parseListParams('vms', { size: '501' }).size).toBe(50);
  });

  it('trims text, treats blank as absent, and caps its length', () => {
    expect(parseListParams('vms', { q: '   ' }).q).toBeUndefined();
    expect(parseListParams('vms', { q: '  web  ' }).q).toBe('web');
    expect(parseListParams('vms', { q: 'x'.repeat(201) }).q).toBeUndefined();
  });

  it('takes the first of repeated params', () => {
    expect(parseListParams('vms', { q: ['a', 'b'] }).q).toBe('a');
  });

  it('a patch resets what the caller says and keeps the rest', () => {
    const params = parseListParams('vms', { q: 'web', page: '4' });
    expect(listHref('/vms', params, { page: 1 })).toBe('/vms?q=web');
    expect(listHref('/vms', params, { sort: 'name', dir: 'desc' })).toBe('/vms?q=web&sort=name&dir=desc&page=4');
    expect(listHref('/vms', parseListParams('vms', {}))).toBe('/vms');
  });

  it('maps to the backend query', () => {
    expect(toListQuery(parseListParams('vms', { q: 'web', status: 'running', sort: 'name', dir: 'desc', size: '25', page: '2' }))).toEqual({
      page: 2,
      pageSize: 25,
      text: 'web',
      filters: { status: 'running' },
      sort: { field: 'name', dir: 'desc' },
    });
    expect(toListQuery(parseListParams('storageDomains', { type: 'export' })).filters).toEqual({ type: 'export' });
    expect(toListQuery(parseListParams('vms', { query: 'status=up' })).nativeQuery).toBe('status=up');
  });
});

describe('event URL state', () => {
  it('parses and writes severity, max and connection', () => {
    const params = parseEventParams({ severity: 'warning', max: '250', connection: 'c1' });
    expect(params).toEqual({ severity: 'warning', max: 250, connection: 'c1' });
    expect(eventSearch(params)).toBe('connection=c1&severity=warning&max=250');
    expect(parseEventParams({ severity: 'boom', max: '7', since: '2y' })).toEqual({ max: 50 });
    const full = parseEventParams({ object: ' web-01 ', since: '24h' });
    expect(full).toEqual({ max: 50, object: 'web-01', since: '24h' });
    expect(eventSearch(full)).toBe('object=web-01&since=24h');
  });
});

describe('VM tab', () => {
  it('defaults to overview', () => {
    expect(parseVmTab('disks')).toBe('disks');
    expect(parseVmTab(['nics'])).toBe('nics');
    expect(parseVmTab('manage')).toBe('manage');
    expect(parseVmTab('secret')).toBe('overview');
    expect(parseVmTab(undefined)).toBe('overview');
  });
});

describe('owner filter', () => {
  it('is a VM list filter, kept in the URL and passed to the backend; other lists drop it', () => {
    const vms = parseListParams('vms', { owner: ' user1 ' });
    expect(vms.owner).toBe('user1');
    expect(toListQuery(vms).filters).toEqual({ owner: 'user1' });
    expect(listSearch(vms)).toBe('owner=user1');
    expect(parseListParams('hosts', { owner: 'user1' }).owner).toBeUndefined();
  });
});
