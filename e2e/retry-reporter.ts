import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Names every test that needed CI's retry, so that the retry never hides a test failing on its
 * first try: at the end of the run (after the list reporter's summary) and, when
 * E2E_RETRIED_FILE is set, one line per test appended to that file, which scripts/test.sh prints
 * at the end of the whole test command (its Playwright runs are several).
 */
// A serial group is retried as a whole: a test that passed runs again beside the one that failed,
// and its outcome is then 'expected' (it passed both times), which must not read as a failure.
const OUTCOME: Record<ReturnType<TestCase['outcome']>, string> = {
  flaky: 'passed on retry (flaky)',
  unexpected: 'failed again',
  expected: 'passed both times (run again with its serial group)',
  skipped: 'skipped on retry',
};

export default class RetryReporter implements Reporter {
  private readonly retried = new Map<string, { where: string; outcome: string; firstError: string }>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry === 0) return;
    const first = test.results[0];
    const where = `${path.relative(process.cwd(), test.location.file)}:${test.location.line} › ${test.titlePath().slice(3).join(' › ')}`;
    const firstError = (first?.error?.message ?? first?.status ?? '').split('\n')[0].replace(/\u001b\[[0-9;]*m/g, '');
    this.retried.set(test.id, { where, outcome: OUTCOME[test.outcome()], firstError });
  }

  onEnd(): void {
    if (this.retried.size === 0) return;
    const lines = [...this.retried.values()].map((t) => `${t.where} — ${t.outcome}; first try: ${t.firstError}`);
    console.log(`\nTests that needed their retry (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}`);
    const file = process.env.E2E_RETRIED_FILE;
    if (file) fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
  }

  printsToStdio(): boolean {
    return true;
  }
}
