import { z } from 'zod';
import { BACKEND_KINDS, type BackendKind } from '@/lib/domain/backend-kinds';
import { settingsUrl, type UrlProblem } from '@/lib/backends/settings';

export { normaliseEngineUrl } from '@/lib/backends/settings';

/**
 * THE add/edit connection form: parsed by the form (client) and again by the
 * server action, so the two can never disagree.
 *
 * Error messages are i18n keys (`validation.connection.*`), not sentences: the
 * UI translates them (en, zh-CN). Every key the schema can produce is listed in
 * CONNECTION_ERRORS.
 *
 * Conventions, chosen so a plain HTML <form> and FormData work as well as JSON:
 * - empty strings in optional fields mean "not given";
 * - a boolean accepts true/false and the strings "on", "true", "1" / "off",
 *   "false", "0"; an ABSENT boolean is false, as an unchecked checkbox is
 *   (so JSON callers send all three);
 * - `id` is present when editing (a hidden input): then an empty password keeps
 *   the stored one. Without an id (adding), oVirt and Cinder need a password.
 */

/** The kinds a connection can have: the domain's one list of backend kinds. */
export const CONNECTION_KINDS = BACKEND_KINDS;
export type ConnectionKind = BackendKind;

const P = 'validation.connection.';
export const CONNECTION_ERRORS = {
  kindInvalid: `${P}kindInvalid`,
  idInvalid: `${P}idInvalid`,
  nameRequired: `${P}nameRequired`,
  nameTooLong: `${P}nameTooLong`,
  /** Not produced by the schema: the service answers `conflict` and the form shows this on `name`. */
  nameTaken: `${P}nameTaken`,
  urlRequired: `${P}urlRequired`,
  urlTooLong: `${P}urlTooLong`,
  urlInvalid: `${P}urlInvalid`,
  /** Cinder: the Keystone scope rides in the URL's query (lib/backends/cinder/settings.ts). */
  cinderUrl: `${P}cinderUrl`,
  /** oVirt/Cinder: must be http(s)://. libvirt: must be a libvirt URI such as qemu+ssh://host/system. */
  urlScheme: `${P}urlScheme`,
  urlCredentials: `${P}urlCredentials`,
  usernameRequired: `${P}usernameRequired`,
  /** oVirt user names carry the profile: admin@internal. */
  usernameProfile: `${P}usernameProfile`,
  usernameTooLong: `${P}usernameTooLong`,
  passwordRequired: `${P}passwordRequired`,
  /** Not produced by the schema: the stored password is not sent to a changed address, user or TLS setting. */
  passwordAgain: `${P}passwordAgain`,
  passwordTooLong: `${P}passwordTooLong`,
  caCertInvalid: `${P}caCertInvalid`,
  caCertTooLong: `${P}caCertTooLong`,
  serialConsolePortInvalid: `${P}serialConsolePortInvalid`,
  booleanInvalid: `${P}booleanInvalid`,
} as const;
export type ConnectionErrorKey = (typeof CONNECTION_ERRORS)[keyof typeof CONNECTION_ERRORS];
const E = CONNECTION_ERRORS;

export const NAME_MAX = 64;
const URL_MAX = 2048;
const USERNAME_MAX = 256;
const PASSWORD_MAX = 1024;
const CA_CERT_MAX = 64 * 1024;

const emptyToUndefined = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', '0', 'no', '']);
function toBoolean(value: unknown): unknown {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return value;
}
// unknown().optional() first, so the key is optional in the form's type (an unchecked box sends nothing).
const checkbox = z.unknown().optional().transform(toBoolean).pipe(z.boolean({ error: E.booleanInvalid }));

/** libvirt's own field errors (i18n keys in the `libvirt` namespace). */
export const LIBVIRT_ERRORS = {
  clientCertInvalid: 'libvirt.validation.clientCertInvalid',
  clientKeyInvalid: 'libvirt.validation.clientKeyInvalid',
  sshKeyInvalid: 'libvirt.validation.sshKeyInvalid',
  cephKeyInvalid: 'libvirt.validation.cephKeyInvalid',
} as const;

/** A PEM private key (PKCS#8, RSA, EC or OpenSSH format). */
export function looksLikePemPrivateKey(text: string): boolean {
  return /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]+-----END (?:[A-Z]+ )?PRIVATE KEY-----/.test(text);
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/;

/** Looks like one or more PEM certificates (a CA bundle is fine), and nothing that is a key. */
export function looksLikePemCertificate(text: string): boolean {
  return PEM_CERT.test(text) && !/PRIVATE KEY-----/.test(text);
}

type Issue = { message: ConnectionErrorKey; path: string[] };

const URL_ERRORS: Record<UrlProblem, ConnectionErrorKey> = {
  urlInvalid: E.urlInvalid,
  urlScheme: E.urlScheme,
  urlCredentials: E.urlCredentials,
  cinderUrl: E.cinderUrl,
};

/** The kind's own URL rules (each adapter's, through the backends' settings registry); returns the URL to store, or the issue. */
function checkUrl(kind: ConnectionKind, raw: string): { url: string } | Issue {
  const checked = settingsUrl(kind, raw);
  return 'url' in checked ? checked : { message: URL_ERRORS[checked.problem], path: ['url'] };
}

const connectionFields = z.object({
  /** Present when editing an existing connection. */
  id: z.preprocess(emptyToUndefined, z.string({ error: E.idInvalid }).regex(/^[^:\s]+$/, { error: E.idInvalid }).optional()),
  kind: z.enum(CONNECTION_KINDS, { error: E.kindInvalid }),
  name: z
    .string({ error: E.nameRequired })
    .trim()
    .min(1, { error: E.nameRequired })
    .max(NAME_MAX, { error: E.nameTooLong }),
  url: z
    .string({ error: E.urlRequired })
    .trim()
    .min(1, { error: E.urlRequired })
    .max(URL_MAX, { error: E.urlTooLong }),
  username: z.preprocess(
    emptyToUndefined,
    z.string({ error: E.usernameRequired }).trim().max(USERNAME_MAX, { error: E.usernameTooLong }).optional(),
  ),
  /** Not trimmed: spaces can be part of a password. Empty = not given (on edit: keep the stored one). */
  password: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.string({ error: E.passwordRequired }).max(PASSWORD_MAX, { error: E.passwordTooLong }).optional(),
  ),
  /** PEM of the CA that signed the engine's certificate (the usual private-CA oVirt setup). */
  caCert: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: E.caCertInvalid })
      .trim()
      .max(CA_CERT_MAX, { error: E.caCertTooLong })
      .refine(looksLikePemCertificate, { error: E.caCertInvalid })
      .optional(),
  ),
  /** libvirt qemu+tls: the client certificate libvirtd checks (kept encrypted with the key). */
  clientCert: z.preprocess(
    emptyToUndefined,
    z.string({ error: LIBVIRT_ERRORS.clientCertInvalid }).trim().max(CA_CERT_MAX, { error: LIBVIRT_ERRORS.clientCertInvalid })
      .refine(looksLikePemCertificate, { error: LIBVIRT_ERRORS.clientCertInvalid }).optional(),
  ),
  /** libvirt qemu+tls: the client certificate's private key. Empty on edit: keep the stored one. */
  clientKey: z.preprocess(
    emptyToUndefined,
    z.string({ error: LIBVIRT_ERRORS.clientKeyInvalid }).trim().max(CA_CERT_MAX, { error: LIBVIRT_ERRORS.clientKeyInvalid })
      .refine(looksLikePemPrivateKey, { error: LIBVIRT_ERRORS.clientKeyInvalid }).optional(),
  ),
  /** libvirt qemu+ssh: a private key for this connection; absent = the server's own ssh keys. */
  sshKey: z.preprocess(
    emptyToUndefined,
    z.string({ error: LIBVIRT_ERRORS.sshKeyInvalid }).trim().max(CA_CERT_MAX, { error: LIBVIRT_ERRORS.sshKeyInvalid })
      .refine(looksLikePemPrivateKey, { error: LIBVIRT_ERRORS.sshKeyInvalid }).optional(),
  ),
  /** libvirt: the Ceph user's key (base64, as `ceph auth get-key` prints it) for rbd volumes. Empty on edit: keep the stored one. */
  cephKey: z.preprocess(
    emptyToUndefined,
    z.string({ error: LIBVIRT_ERRORS.cephKeyInvalid }).trim()
      // A cephx key: base64 of a 12-byte header and a 16-byte secret (40 characters, "AQ…==").
      .refine((v) => /^[A-Za-z0-9+/]{38}==$/.test(v) && Buffer.from(v, 'base64').length === 28, { error: LIBVIRT_ERRORS.cephKeyInvalid })
      .optional(),
  ),
  /** oVirt: the port of the engine's serial console proxy (ovirt-vmconsole-proxy); empty = 2222. */
  serialConsolePort: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: E.serialConsolePortInvalid }).int({ error: E.serialConsolePortInvalid })
      .min(1, { error: E.serialConsolePortInvalid }).max(65535, { error: E.serialConsolePortInvalid }).optional(),
  ),
  insecureSkipVerify: checkbox,
  /** oVirt: send `Filter: true`, acting with the engine user's own permissions. */
  useFilter: checkbox,
  enabled: checkbox,
});

const crossFieldInputs = connectionFields.pick({ id: true, kind: true, url: true, username: true, password: true });

export const connectionSchema = connectionFields
  .superRefine(
    (value, ctx) => {
      const checked = checkUrl(value.kind, value.url);
      if ('message' in checked) ctx.addIssue({ code: 'custom', ...checked, input: value.url });
      const issues: Issue[] = [];
      if (value.kind === 'ovirt' || value.kind === 'cinder') {
        if (!value.username) issues.push({ message: E.usernameRequired, path: ['username'] });
        if (!value.password && value.id === undefined) issues.push({ message: E.passwordRequired, path: ['password'] });
      }
      // The engine's SSO wants user@profile (admin@internal); without it the sign-in fails obscurely.
      if (value.kind === 'ovirt' && value.username && !/^[^@\s]+@\S+$/.test(value.username)) {
        issues.push({ message: E.usernameProfile, path: ['username'] });
      }
      for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue, input: value });
    },
    // Run even when another field (say the name) failed, so the form shows every problem at once.
    { when: (payload) => crossFieldInputs.safeParse(payload.value).success },
  )
  .transform((value) => {
    const checked = checkUrl(value.kind, value.url);
    return { ...value, url: 'url' in checked ? checked.url : value.url };
  });

/** What the form holds (strings from FormData are fine). */
export type ConnectionFormValues = z.input<typeof connectionSchema>;
/** What the schema hands to the service: trimmed, normalised, booleans decided. */
export type ConnectionInput = z.output<typeof connectionSchema>;
export type ConnectionField = keyof ConnectionInput;

/** Field → i18n keys, for `useActionState` forms: `{ url: ['validation.connection.urlInvalid'] }`. */
export function connectionFieldErrors(error: z.ZodError): Partial<Record<ConnectionField, string[]>> {
  return z.flattenError(error).fieldErrors as Partial<Record<ConnectionField, string[]>>;
}
