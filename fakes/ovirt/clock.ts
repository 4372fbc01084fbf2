/**
 * Every delay in the fake engine goes through here, so one `timeScale` speeds up (0.01 in tests)
 * or slows down the whole estate, and `close()` can cancel everything still pending.
 */
export class Scheduler {
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(readonly timeScale: number) {}

  /** Run `fn` after `ms` engine-milliseconds (scaled). Returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.closed) return () => {};
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, Math.max(0, Math.round(ms * this.timeScale)));
    // Never keep a test process (or the CLI on SIGTERM) alive just for a pending transition.
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Scaled sleep, for handlers that must hold the response (e.g. `Expect: 201-created`). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/**
 * A chain of timed steps for one object (a VM powering up, a host going to maintenance).
 * Starting a new operation on the same object cancels the old chain, like the engine replacing
 * a transition when, say, a VM that is powering up is powered off.
 */
export class Operations {
  private running = new Map<string, { cancel: () => void; onCancel?: () => void }>();

  constructor(private readonly clock: Scheduler) {}

  isBusy(objectId: string): boolean {
    return this.running.has(objectId);
  }

  /**
   * Run `steps` one after another; each waits its `ms` then runs `run`. `onCancel` runs if a later
   * operation (or `cancel`) interrupts the chain.
   */
  start(objectId: string, steps: { ms: number; run: () => void }[], onCancel?: () => void): void {
    this.cancel(objectId);
    let i = 0;
    const entry = { cancel: () => {}, onCancel };
    const next = () => {
      if (i >= steps.length) {
        if (this.running.get(objectId) === entry) this.running.delete(objectId);
        return;
      }
      const step = steps[i++];
      entry.cancel = this.clock.after(step.ms, () => {
        step.run();
        // The step itself may have started a new operation on the same object.
        if (this.running.get(objectId) === entry) next();
      });
    };
    this.running.set(objectId, entry);
    next();
  }

  cancel(objectId: string): void {
    const entry = this.running.get(objectId);
    if (!entry) return;
    this.running.delete(objectId);
    entry.cancel();
    entry.onCancel?.();
  }
}
