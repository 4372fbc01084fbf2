/**
 * Which tasks ended between two polls of the task list, for the header's task
 * center. Pure (no React, no I/O) so the rules are tested apart from the UI.
 *
 * Rules, in the operator's words:
 * - Nothing that had already ended when the page loaded is news: the first
 *   answer only sets the baseline.
 * - A task seen running (or in an unknown state) and now finished, failed or
 *   aborted is news, once.
 * - A task never seen before that has already ended is news only if it
 *   started after the newest task of the first answer: it started and ended
 *   between two polls. An older one that merely slid onto the page (a newer
 *   job was cleared by the engine) is not.
 */
import { TASK_DONE_STATUSES, type TaskStatus } from '@/lib/domain';

export interface WatchedTask {
  id: string;
  status: TaskStatus;
  /** ISO string (from the wire) or absent. */
  startedAt?: string;
}

export interface TaskWatch {
  /** Last status seen per task id, oldest first (insertion order). */
  statuses: Map<string, TaskStatus>;
  /** Newest start (epoch ms) in the first answer; -Infinity when it held no task. */
  baseline: number;
}

/** Enough to remember every job an engine keeps (finished ones are cleared after minutes). */
const REMEMBERED = 2000;

const isDone = (status: TaskStatus) => TASK_DONE_STATUSES.includes(status);
const startOf = (task: WatchedTask) => (task.startedAt ? new Date(task.startedAt).getTime() : Number.NaN);

export function watchTasks<T extends WatchedTask>(previous: TaskWatch | undefined, tasks: readonly T[]): { watch: TaskWatch; ended: T[] } {
  if (!previous) {
    const starts = tasks.map(startOf).filter((n) => !Number.isNaN(n));
    return {
      watch: { statuses: new Map(tasks.map((t) => [t.id, t.status])), baseline: starts.length ? Math.max(...starts) : -Infinity },
      ended: [],
    };
  }
  const ended: T[] = [];
  const statuses = new Map(previous.statuses);
  for (const task of tasks) {
    const before = previous.statuses.get(task.id);
    if (isDone(task.status)) {
      const sawItRun = before !== undefined && !isDone(before);
      // A task without a start time cannot be placed after the baseline: not news.
      const startedSince = before === undefined && startOf(task) > previous.baseline;
      if (sawItRun || startedSince) ended.push(task);
    }
    statuses.delete(task.id);
    statuses.set(task.id, task.status);
  }
  for (const id of statuses.keys()) {
    if (statuses.size <= REMEMBERED) break;
    statuses.delete(id);
  }
  return { watch: { statuses, baseline: previous.baseline }, ended };
}
