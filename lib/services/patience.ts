import { BackendError } from '@/lib/backends';

/**
 * How long a page waits for one connection before it shows the rest without it: that connection's
 * last answer (marked with its age) when there is one, otherwise a "still waiting" line. The read
 * itself goes on until its own deadline, filling the cache for the page's next poll, and opening
 * the connection's circuit if it times out.
 */
export const PATIENCE_MS = 1_000;

/** The connection has not answered within the page's patience; it is still being asked. */
export class StillWaiting extends BackendError {
  constructor(connectionName: string, ms: number) {
    super('timeout', `"${connectionName}" has not answered within ${ms / 1000} s; still waiting in the background.`);
  }
}

/**
 * `work`, or a StillWaiting rejection once `ms` have passed. The work is not cancelled (its late
 * failure is observed, not thrown): whoever started it decides when it gives up.
 */
export async function within<T>(work: Promise<T>, connectionName: string, ms = PATIENCE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StillWaiting(connectionName, ms)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } catch (error) {
    if (error instanceof StillWaiting) void work.catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
