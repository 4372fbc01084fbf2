import { describe, expect, it } from 'vitest';
import { glusterDegraded, glusterLayoutProblems, glusterReplaceRefusal } from './gluster';

const b = (host: string, dir = '/gluster_bricks/data/data') => ({ hostId: `c:${host}`, dir });

describe('glusterLayoutProblems: what gluster would refuse, found before anything is sent', () => {
  it('accepts one replica-3 set across three hosts, and two sets that each span three hosts', () => {
    expect(glusterLayoutProblems([b('h1'), b('h2'), b('h3')], 3)).toEqual([]);
    expect(glusterLayoutProblems([b('h1'), b('h2'), b('h3'), b('h1', '/b2'), b('h2', '/b2'), b('h3', '/b2')], 3)).toEqual([]);
  });
  it('refuses two bricks of one replica set on the same host, even with different directories', () => {
    expect(glusterLayoutProblems([b('h1', '/a'), b('h1', '/b'), b('h2')], 3)).toEqual(['sameHost']);
  });
  it('refuses a count that does not fill whole replica sets, and too few bricks', () => {
    expect(glusterLayoutProblems([b('h1'), b('h2'), b('h3'), b('h4')], 3)).toEqual(['notMultiple']);
    expect(glusterLayoutProblems([b('h1'), b('h2')], 3)).toEqual(['tooFew']);
  });
  it('refuses the same brick twice and directories that are not plain absolute paths', () => {
    expect(glusterLayoutProblems([b('h1'), b('h1')], 1)).toEqual(['duplicate']);
    expect(glusterLayoutProblems([b('h1', 'relative/dir')], 1)).toEqual(['badDir']);
    expect(glusterLayoutProblems([b('h1', '/a/../etc')], 1)).toEqual(['badDir']);
  });
});

describe('glusterDegraded', () => {
  const brick = (status: 'up' | 'down') => ({ id: 'c:1', name: 'h:/b', host: { id: 'c:h' }, dir: '/b', status });
  it('flags a started volume with a brick down, not a stopped one', () => {
    expect(glusterDegraded({ status: 'up', bricks: [brick('up'), brick('down')] })).toBe(true);
    expect(glusterDegraded({ status: 'up', bricks: [brick('up')] })).toBe(false);
    expect(glusterDegraded({ status: 'down', bricks: [brick('down')] })).toBe(false);
  });
});

describe('glusterReplaceRefusal', () => {
  const brick = (host: string, dir = '/b') => ({ id: `c/${host}`, name: `${host}:${dir}`, host: { id: host }, dir, status: 'up' as const });
  const replica3 = { type: 'replicate' as const, replicaCount: 3, bricks: [brick('h1'), brick('h2'), brick('h3')] };

  it('a one-set replica volume can swap a brick for one on a host holding none', () => {
    expect(glusterReplaceRefusal(replica3, 'h1:/b')).toBeNull();
    expect(glusterReplaceRefusal(replica3, 'h1:/b', { hostId: 'h4', dir: '/gluster/new' })).toBeNull();
  });

  it('says why not: distribute, several replica sets, a host in the set, a bad path, an unknown brick', () => {
    expect(glusterReplaceRefusal({ type: 'distribute', replicaCount: 0, bricks: [brick('h1'), brick('h2')] }, 'h1:/b')).toBe('notReplicated');
    expect(glusterReplaceRefusal({ type: 'distributed_replicate', replicaCount: 3, bricks: [...replica3.bricks, brick('h4'), brick('h5'), brick('h6')] }, 'h1:/b')).toBe('severalSets');
    expect(glusterReplaceRefusal(replica3, 'h1:/b', { hostId: 'h2', dir: '/gluster/new' })).toBe('hostHoldsBrick');
    expect(glusterReplaceRefusal(replica3, 'h1:/b', { hostId: 'h4', dir: 'relative/dir' })).toBe('badDir');
    expect(glusterReplaceRefusal(replica3, 'h1:/b', { hostId: 'h4', dir: '/gluster/../etc' })).toBe('badDir');
    expect(glusterReplaceRefusal(replica3, 'h9:/b')).toBe('noSuchBrick');
  });
});
