/**
 * Jobs and their steps, as the engine tracks long work: a job starts with a finished
 * "Validating" step and a running "Executing" step whose progress advances, and ends finished,
 * failed or aborted. Finished jobs are auto-cleared after 10 minutes, failed ones after an hour
 * (the engine's SucceededJobCleanupTimeInMinutes / FailedJobCleanupTimeInMinutes defaults).
 */
import type { Job, JobStatus, Step } from './model';
import type { Store } from './store';
import { randomUUID } from 'node:crypto';

const SUCCEEDED_CLEANUP_MS = 10 * 60_000;
const FAILED_CLEANUP_MS = 60 * 60_000;

export interface JobContext { userId: string; correlationId: string | null }

export class Jobs {
  constructor(private readonly store: Store) {}

  create(description: string, ctx: JobContext, executing = 'Executing'): Job {
    this.cleanup();
    const now = Date.now();
    const id = randomUUID();
    const step = (number: number, type: Step['type'], text: string, status: JobStatus, progress: number | null): Step => ({
      id: randomUUID(), jobId: id, number, type, description: text, status, progress, startTime: now,
      endTime: status === 'started' ? null : now,
    });
    const job: Job = {
      id, description, status: 'started', startTime: now, endTime: null, lastUpdated: now, autoCleared: true,
      external: false, correlationId: ctx.correlationId, ownerId: ctx.userId,
      steps: [step(1, 'validating', 'Validating', 'finished', null), step(2, 'executing', executing, 'started', 0)],
    };
    this.store.addJob(job);
    return job;
  }

  progress(job: Job, percent: number): void {
    if (job.status !== 'started') return;
    const step = job.steps.find((s) => s.status === 'started');
    if (step) step.progress = Math.max(step.progress ?? 0, Math.min(99, Math.round(percent)));
    job.lastUpdated = Date.now();
  }

  finish(job: Job, status: Exclude<JobStatus, 'started'> = 'finished'): void {
    if (job.status !== 'started') return;
    const now = Date.now();
    for (const s of job.steps) {
      if (s.status !== 'started') continue;
      s.status = status;
      s.endTime = now;
      if (status === 'finished') s.progress = 100;
    }
    job.status = status;
    job.endTime = now;
    job.lastUpdated = now;
  }

  private cleanup(): void {
    const now = Date.now();
    for (const job of this.store.jobs.values()) {
      if (!job.autoCleared || job.endTime == null) continue;
      const keep = job.status === 'finished' ? SUCCEEDED_CLEANUP_MS : FAILED_CLEANUP_MS;
      if (now - job.endTime > keep) this.store.removeJob(job);
    }
  }
}
