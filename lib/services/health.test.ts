import { afterEach, describe, expect, it } from 'vitest';
import { clearConnectionHealth, lastAnswer, lastAnswerStats, remember, resetConnectionHealth } from './health';

afterEach(() => clearConnectionHealth());

// About 10 MB by approxBytes (5 million characters of JSON at two bytes each).
const bigPage = (tag: string) => ({ tag, rows: 'x'.repeat(5_000_000) });

describe('last answers (shown with their age while a connection is down)', () => {
  it('are bounded by size: the oldest go first, so a large estate cannot keep hundreds of megabytes', () => {
    for (let i = 0; i < 8; i++) remember('c1', `vms:list:${i}`, bigPage(String(i)));
    const { entries, bytes } = lastAnswerStats();
    expect(bytes).toBeLessThanOrEqual(48 * 1024 * 1024);
    expect(entries).toBeLessThan(8);
    // The newest is kept, the oldest went.
    expect(lastAnswer<{ tag: string }>('c1', 'vms:list:7')?.value.tag).toBe('7');
    expect(lastAnswer('c1', 'vms:list:0')).toBeUndefined();
  });

  it('the same answer remembered again (a cache hit) is counted once', () => {
    const page = bigPage('same');
    remember('c1', 'vms:list:1', page);
    const once = lastAnswerStats().bytes;
    remember('c1', 'vms:list:1', page);
    expect(lastAnswerStats()).toEqual({ entries: 1, bytes: once });
  });

  it('a changed connection forgets its answers and their bytes', () => {
    remember('c1', 'vms:list:1', bigPage('a'));
    remember('c2', 'vms:list:1', bigPage('b'));
    const before = lastAnswerStats().bytes;
    resetConnectionHealth('c1');
    expect(lastAnswerStats().entries).toBe(1);
    expect(lastAnswerStats().bytes).toBe(before / 2);
    expect(lastAnswer('c2', 'vms:list:1')).toBeDefined();
  });
});
