import { describe, expect, it } from 'vitest';
import { clusterEditSchema } from './cluster';
import { glusterBricksSchema, glusterCreateSchema, glusterOptionSchema } from './gluster';

const form = (bricks: Array<[string, string]>, extra: Record<string, string> = {}) => ({
  clusterId: 'demo:c1', name: 'data', replicaCount: '3', ...extra,
  ...Object.fromEntries(bricks.flatMap(([h, d], i) => [[`brickHost_${i}`, h], [`brickDir_${i}`, d]])),
});

describe('the Gluster create form, as the server action parses it', () => {
  it('takes numbered brick rows in order, skipping empty ones, and the virt profile tick', () => {
    const r = glusterCreateSchema.safeParse({ ...form([['demo:h1', '/b'], ['demo:h2', '/b'], ['', ''], ['demo:h3', '/b']]), optimize: 'on' });
    expect(r.success && r.data).toMatchObject({ replicaCount: 3, optimize: true, bricks: [{ hostId: 'demo:h1' }, { hostId: 'demo:h2' }, { hostId: 'demo:h3' }] });
  });
  it('refuses two bricks of one replica set on one host on the bricks field, naming the catalog key', () => {
    const r = glusterCreateSchema.safeParse(form([['demo:h1', '/a'], ['demo:h1', '/b'], ['demo:h2', '/b']]));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path[0], i.message])).toContainEqual(['bricks', 'gluster.layout.sameHost']);
  });
  it('refuses the arbiter layout the engine API cannot create, and a bad volume name', () => {
    expect(glusterCreateSchema.safeParse(form([['demo:h1', '/b'], ['demo:h2', '/b']], { replicaCount: 'arbiter' })).success).toBe(false);
    expect(glusterCreateSchema.safeParse(form([['demo:h1', '/b'], ['demo:h2', '/b'], ['demo:h3', '/b']], { name: 'a b' })).success).toBe(false);
  });
});

describe('Gluster option and brick forms', () => {
  it('wants section.name option names and a value to set', () => {
    expect(glusterOptionSchema.safeParse({ id: 'demo:c/v', op: 'set', option: 'performance.cache-size', value: '256MB' }).success).toBe(true);
    expect(glusterOptionSchema.safeParse({ id: 'demo:c/v', op: 'set', option: 'performance.cache-size' }).success).toBe(false);
    expect(glusterOptionSchema.safeParse({ id: 'demo:c/v', op: 'reset', option: 'rm -rf' }).success).toBe(false);
  });
  it('collects the ticked brick names and needs at least one', () => {
    const r = glusterBricksSchema.safeParse({ id: 'demo:c/v', op: 'migrate', brick_0: 'h1:/b', brick_3: 'h2:/b' });
    expect(r.success && r.data.names).toEqual(['h1:/b', 'h2:/b']);
    expect(glusterBricksSchema.safeParse({ id: 'demo:c/v', op: 'migrate' }).success).toBe(false);
  });
});

describe('cluster edit service switches', () => {
  const base = { id: 'demo:c1', name: 'Default', cpuType: 'Intel Cascadelake Server Family' };
  it('sends the switches only when the form showed them, and never both off', () => {
    const without = clusterEditSchema.safeParse(base);
    expect(without.success && without.data.services).toBeUndefined();
    const on = clusterEditSchema.safeParse({ ...base, services: '1', virtService: 'on', glusterService: 'on' });
    expect(on.success && [on.data.virtService, on.data.glusterService]).toEqual([true, true]);
    const none = clusterEditSchema.safeParse({ ...base, services: '1' });
    expect(none.success).toBe(false);
  });
});
