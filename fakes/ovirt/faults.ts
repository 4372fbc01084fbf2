/**
 * Fault injection for tests: slow answers, random failures, the next N requests failing or
 * dropped, the next N actions failing on the host, and all tokens expiring at once. Applies to
 * API requests (/ovirt-engine/api/…) only, so a test can always still get a token and reach the
 * control routes.
 */
import { Rng } from './prng';

export interface FaultSettings {
  /** Added delay before every API answer, in real milliseconds (not scaled). */
  latencyMs: number;
  /** Probability 0..1 that an API request answers 503 (engine unavailable). */
  failRate: number;
  /** The next N API requests answer 500. */
  failNext: number;
  /** The next N API requests get their socket destroyed without any answer. */
  dropNext: number;
  /**
   * The next N actions (POST …/start, …/deactivate, …/import…) fail on the host: the engine
   * answers 200 with the action marked `status: failed` and a nested fault, and nothing changes.
   * That is what the engine sends for a blocking action whose host-side (VDSM) tasks failed.
   */
  failActionsNext: number;
}

export interface FaultUpdate extends Partial<FaultSettings> {
  /** Invalidate every token issued so far. */
  expireTokens?: boolean;
}

export interface FaultControl {
  set(update: FaultUpdate): void;
  reset(): void;
  get(): FaultSettings;
}

export type FaultDecision = { kind: 'drop' } | { kind: 'fail'; status: 500 | 503 } | { kind: 'pass' };

const DEFAULTS: FaultSettings = { latencyMs: 0, failRate: 0, failNext: 0, dropNext: 0, failActionsNext: 0 };

export class Faults implements FaultControl {
  private s: FaultSettings = { ...DEFAULTS };
  private rng: Rng;

  constructor(seed: number, private readonly expireTokens: () => void) {
    this.rng = new Rng(seed ^ 0xfa17);
  }

  set(update: FaultUpdate): void {
    const num = (v: unknown, name: string, max = Infinity): number => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > max) throw new RangeError(`${name} must be a number between 0 and ${max}`);
      return n;
    };
    const next = { ...this.s };
    if (update.latencyMs !== undefined) next.latencyMs = num(update.latencyMs, 'latencyMs');
    if (update.failRate !== undefined) next.failRate = num(update.failRate, 'failRate', 1);
    if (update.failNext !== undefined) next.failNext = Math.floor(num(update.failNext, 'failNext'));
    if (update.dropNext !== undefined) next.dropNext = Math.floor(num(update.dropNext, 'dropNext'));
    if (update.failActionsNext !== undefined) next.failActionsNext = Math.floor(num(update.failActionsNext, 'failActionsNext'));
    this.s = next;
    if (update.expireTokens) this.expireTokens();
  }

  reset(): void {
    this.s = { ...DEFAULTS };
  }

  get(): FaultSettings {
    return { ...this.s };
  }

  /** Decide the fate of one API request (consumes failNext/dropNext budget). */
  decide(): FaultDecision {
    if (this.s.dropNext > 0) {
      this.s.dropNext--;
      return { kind: 'drop' };
    }
    if (this.s.failNext > 0) {
      this.s.failNext--;
      return { kind: 'fail', status: 500 };
    }
    if (this.s.failRate > 0 && this.rng.next() < this.s.failRate) return { kind: 'fail', status: 503 };
    return { kind: 'pass' };
  }

  /** Whether this action fails on the host (consumes failActionsNext budget). */
  failAction(): boolean {
    if (this.s.failActionsNext <= 0) return false;
    this.s.failActionsNext--;
    return true;
  }
}
