import { describe, expect, it } from 'vitest';
import type { ListQuery } from '@/lib/domain';
import { BackendError } from '../errors';
import { buildSearch, searchValue, type SearchSpec } from './search';
import { VM_STATUS } from './transform';

const VM_SPEC: SearchSpec = {
  fields: { status: 'status', cluster: 'cluster', host: 'host', owner: 'users.usrname' },
  prefixFilters: ['owner'],
  sortFields: { name: 'name', status: 'status' },
  statusTable: VM_STATUS,
  textField: 'name',
  defaultSort: 'name',
};
const page = (p: number, extra: Partial<ListQuery> = {}): ListQuery => ({ page: p, pageSize: 50, ...extra });

describe('buildSearch', () => {
  it.each<[string, ListQuery, { search?: string; max: number; fetchedExtra: boolean }]>([
    ['page 1: default sort, max = pageSize+1 for an exact hasMore', page(1), { search: 'sortby name asc', max: 51, fetchedExtra: true }],
    ['page 2: the page clause, max = pageSize to keep the window aligned', page(2), { search: 'sortby name asc page 2', max: 50, fetchedExtra: false }],
    ['free text becomes a name wildcard', page(1, { text: 'web' }), { search: 'name=*web* sortby name asc', max: 51, fetchedExtra: true }],
    ['filters joined with and', page(1, { filters: { status: 'up', cluster: 'prod' } }), { search: 'status=up and cluster=prod sortby name asc', max: 51, fetchedExtra: true }],
    ['common status words become engine words', page(1, { filters: { status: 'running' } }), { search: 'status=up sortby name asc', max: 51, fetchedExtra: true }],
    ['values with spaces are quoted', page(1, { filters: { cluster: 'prod east' } }), { search: 'cluster="prod east" sortby name asc', max: 51, fetchedExtra: true }],
    ['explicit sort', page(3, { sort: { field: 'status', dir: 'desc' } }), { search: 'sortby status desc page 3', max: 50, fetchedExtra: false }],
    ['native query passes through before ours', page(1, { nativeQuery: 'cpu.cores>2', text: 'db' }), { search: 'cpu.cores>2 and name=*db* sortby name asc', max: 51, fetchedExtra: true }],
    ['a native query with its own sortby keeps it', page(2, { nativeQuery: 'status=up sortby memory desc' }), { search: 'status=up sortby memory desc page 2', max: 50, fetchedExtra: false }],
    ['ours apply to each side of an or (no parentheses in the grammar)', page(1, { nativeQuery: 'status=up or status=paused', text: 'web' }), { search: 'status=up and name=*web* or status=paused and name=*web* sortby name asc', max: 51, fetchedExtra: true }],
    ['an "or" inside quotes is a value, not an operator', page(1, { nativeQuery: 'description="this or that"', text: 'x' }), { search: 'description="this or that" and name=*x* sortby name asc', max: 51, fetchedExtra: true }],
    ['a native query that is only a sortby', page(1, { nativeQuery: 'sortby status desc', text: 'x' }), { search: 'name=*x* sortby status desc', max: 51, fetchedExtra: true }],
    ['an owner matches as a prefix (with or without the login profile)', page(1, { filters: { owner: 'user1' } }), { search: 'users.usrname=user1* sortby name asc', max: 51, fetchedExtra: true }],
    ['an owner with its own wildcard is kept', page(1, { filters: { owner: 'ad*@internal' } }), { search: 'users.usrname=ad*@internal sortby name asc', max: 51, fetchedExtra: true }],
    ['empty filter values are ignored', page(1, { filters: { status: ' ' } }), { search: 'sortby name asc', max: 51, fetchedExtra: true }],
  ])('%s', (_title, query, expected) => {
    expect(buildSearch(query, VM_SPEC)).toEqual(expected);
  });

  it('no sort and no conditions → no search at all', () => {
    expect(buildSearch(page(1), { fields: {}, sortFields: {} })).toEqual({ max: 51, fetchedExtra: true });
  });

  it.each([
    ['an unknown filter key', page(1, { filters: { color: 'red' } })],
    ['an unknown sort field', page(1, { sort: { field: 'color', dir: 'asc' } })],
  ])('refuses %s with invalid_input', (_title, query) => {
    expect(() => buildSearch(query, VM_SPEC)).toThrow(BackendError);
    try {
      buildSearch(query, VM_SPEC);
    } catch (error) {
      expect((error as BackendError).code).toBe('invalid_input');
    }
  });
});

describe('searchValue', () => {
  it.each([
    ['web*', 'web*'],
    ['a b', '"a b"'],
    ['say "hi"', '"say hi"'],
    ['admin@internal', 'admin@internal'],
    ['x and status=down', '"x and status=down"'],
  ])('%j → %j', (input, output) => {
    expect(searchValue(input)).toBe(output);
  });
});

describe('disks of one storage domain', () => {
  it("speaks the engine's storage= search for the neutral storageDomain filter (a domain name, quoted when needed)", async () => {
    const { DISKS } = await import('./resources/disks');
    const query: ListQuery = { page: 1, pageSize: 500, filters: { storageDomain: 'nfs "data"' }, sort: { field: 'name', dir: 'asc' } };
    expect(buildSearch(query, DISKS.search)).toEqual({ search: 'storage="nfs data" sortby alias asc', max: 501, fetchedExtra: true });
    expect(buildSearch({ ...query, filters: { storageDomain: 'iscsi-01' } }, DISKS.search).search).toBe('storage=iscsi-01 sortby alias asc');
  });
});
