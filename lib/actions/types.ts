/** What every form action answers; shown by useActionState in an aria-live region. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  /** The backend's or the system's own words, shown under the message. */
  detail?: string;
  /** It worked, but something should change (e.g. a connection test's advice). */
  warning?: string;
  fieldErrors?: Record<string, string>;
}
