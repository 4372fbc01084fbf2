import { describe, expect, it } from 'vitest';
import { watchTasks, type WatchedTask } from './task-watch';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();
const task = (id: string, status: WatchedTask['status'], minute: number): WatchedTask => ({ id, status, startedAt: at(minute) });

describe('watchTasks', () => {
  it('the first answer is only the baseline: tasks that ended before the page loaded raise nothing', () => {
    const { ended, watch } = watchTasks(undefined, [task('a', 'finished', 1), task('b', 'failed', 2), task('c', 'running', 3)]);
    expect(ended).toEqual([]);
    expect(watch.baseline).toBe(new Date(at(3)).getTime());
  });

  it('a task seen running that finished, failed or was aborted is reported once', () => {
    let { watch } = watchTasks(undefined, [task('a', 'running', 1), task('b', 'running', 2), task('c', 'running', 3), task('d', 'running', 4)]);
    let result = watchTasks(watch, [task('a', 'finished', 1), task('b', 'failed', 2), task('c', 'aborted', 3), task('d', 'running', 4)]);
    expect(result.ended.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    watch = result.watch;
    result = watchTasks(watch, [task('a', 'finished', 1), task('b', 'failed', 2), task('c', 'aborted', 3), task('d', 'running', 4)]);
    expect(result.ended).toEqual([]);
  });

  it('a task that started and ended between two polls is reported; an older one sliding onto the page is not', () => {
    const { watch } = watchTasks(undefined, [task('a', 'finished', 10)]);
    const { ended } = watchTasks(watch, [task('new', 'finished', 11), task('a', 'finished', 10), task('old', 'finished', 5)]);
    expect(ended.map((t) => t.id)).toEqual(['new']);
  });

  it('with no task at all on load, every task that ends later is news', () => {
    const { watch } = watchTasks(undefined, []);
    expect(watchTasks(watch, [task('x', 'failed', 0)]).ended.map((t) => t.id)).toEqual(['x']);
  });

  it('a task that disappears and comes back already ended is reported if it was last seen running', () => {
    const first = watchTasks(undefined, [task('a', 'running', 1)]);
    const gone = watchTasks(first.watch, []);
    expect(watchTasks(gone.watch, [task('a', 'finished', 1)]).ended.map((t) => t.id)).toEqual(['a']);
  });

  it('running and unknown states raise nothing; unknown then finished does', () => {
    const first = watchTasks(undefined, [task('a', 'unknown', 1)]);
    expect(watchTasks(first.watch, [task('a', 'unknown', 1), task('b', 'running', 2)]).ended).toEqual([]);
    expect(watchTasks(first.watch, [task('a', 'finished', 1)]).ended.map((t) => t.id)).toEqual(['a']);
  });

  it('a never-seen ended task without a start time is not news', () => {
    const first = watchTasks(undefined, []);
    expect(watchTasks(first.watch, [{ id: 'z', status: 'finished' }]).ended).toEqual([]);
  });
});
