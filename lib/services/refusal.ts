/**
 * A refusal whose message is an i18n key (with values): thrown by services and action bodies when
 * a request is understood but not allowed or not possible; roleAction (lib/actions/action.ts)
 * translates it into the form's message. Here, below the actions, so services can throw it.
 */
export class ActionRefusal extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(key);
  }
}
