import { cinderUrlProblem } from './cinder/settings';

/**
 * Each adapter's own check of the settings it reads from a connection URL, by kind, so that the
 * form's schema (lib/validations) asks the backends layer without reaching into an adapter folder.
 * Answers a problem word the form translates, or undefined when the URL is fine for that kind.
 */
const URL_PROBLEMS: Partial<Record<string, (raw: string) => string | undefined>> = {
  cinder: cinderUrlProblem,
};

export function settingsUrlProblem(kind: string, raw: string): string | undefined {
  return URL_PROBLEMS[kind]?.(raw);
}
