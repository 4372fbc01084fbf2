'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import { ActionRefusal, roleAction, type ActionState } from '@/lib/actions/action';
import { BackendError, isBackendError, type ClientError } from '@/lib/backends/errors';
import {
  ConnectionInputError,
  createConnection,
  deleteConnection,
  getConnection,
  setConnectionEnabled,
  testConnection,
  updateConnection,
  type ConnectionDetail,
  type TestConnectionResult,
} from '@/lib/services/connections';
import { connectionSchema, type ConnectionKind } from '@/lib/validations/connection';
import { isKindSupported } from '@/lib/services/kind-support';
import { connectionIdSchema, deleteConnectionSchema, setEnabledSchema } from '@/lib/validations/connection-row';

const PAGE = '/admin/backends';

/**
 * What a body leaves for the wrapper besides its result: roleAction maps a thrown
 * BackendError to the generic `backendErrors.<code>` text, which is right for a failed VM
 * action but loses two things this page needs: the per-field keys of ConnectionInputError
 * (name taken, password required on edit) and the typed outcome of "Test connection".
 */
interface Outcome {
  fieldErrors?: Partial<Record<string, string[]>>;
  test?: TestConnectionResult;
}

type Body<S extends z.ZodType> = (
  input: z.infer<S>,
  outcome: Outcome,
) => Promise<{ message: string; values?: Record<string, string | number> }>;

/**
 * roleAction (admin role, validation, audit entry, error mapping) plus the two things above,
 * turned back into the form's ActionState.
 */
async function run<S extends z.ZodType>(
  options: { schema: S; audit: string; target: (input: z.infer<S>) => { type: string; id?: string | null; name?: string | null } },
  body: Body<S>,
  prev: ActionState | undefined,
  formData: FormData,
): Promise<ActionState> {
  const outcome: Outcome = {};
  const action = roleAction({ role: 'admin', ...options }, async (input) => {
    try {
      return await body(input, outcome);
    } catch (error) {
      if (error instanceof ConnectionInputError) outcome.fieldErrors = error.fieldErrors;
      throw error; // roleAction records the failure in the audit log.
    }
  });
  const state = await action(prev, formData);
  const t = await getTranslations();
  if (outcome.fieldErrors) {
    const fieldErrors: Record<string, string> = { ...state.fieldErrors };
    for (const [field, keys] of Object.entries(outcome.fieldErrors)) {
      const key = keys?.[0];
      if (key) fieldErrors[field] = t.has(key) ? t(key) : t('validation.invalid');
    }
    return { ok: false, message: t('errors.invalidInput'), fieldErrors };
  }
  if (outcome.test && !outcome.test.ok) return testFailure(outcome.test.error, t);
  if (state.ok && outcome.test?.ok && outcome.test.warnings.length > 0) {
    return { ...state, warning: outcome.test.warnings.map((w) => t(`backends.testWarnings.${w}`)).join(' ') };
  }
  return state;
}

type Translate = Awaited<ReturnType<typeof getTranslations>>;

/** The typed error in the operator's language, with our words and the backend's own as the detail. */
function testFailure(error: ClientError, t: Translate): ActionState {
  // invalid_input here is about the settings (unreadable stored password, settings the adapter
  // rejects), not a refusal by the backend, which is what backendErrors.invalid_input says.
  const message = error.code === 'invalid_input' ? t('backends.testInvalidSettings') : t(`backendErrors.${error.code}`);
  return { ok: false, message, detail: [error.message, error.detail].filter(Boolean).join(' ') };
}

async function load(id: string): Promise<ConnectionDetail> {
  try {
    return await getConnection(id);
  } catch (error) {
    if (isBackendError(error, 'not_found')) throw new ActionRefusal('backends.notFound');
    throw error;
  }
}

function refuseFileManaged(connection: ConnectionDetail): void {
  if (connection.source === 'file') throw new ActionRefusal('backends.fileManagedRefusal', { name: connection.name });
}

async function refuseUnsupported(kind: ConnectionKind): Promise<void> {
  if (isKindSupported(kind)) return;
  const t = await getTranslations('backends');
  throw new ActionRefusal('backends.kindUnsupported', { kind: t(`kinds.${kind}`) });
}

/** Runs the test; a failure throws (so the audit entry says failure) and is shown by run(). */
async function runTest(target: Parameters<typeof testConnection>[0], outcome: Outcome) {
  const result = await testConnection(target);
  outcome.test = result;
  if (!result.ok) throw new BackendError(result.error.code, result.error.message, { detail: result.error.detail });
  const { about, latencyMs } = result;
  return {
    message: about.isAdmin ? 'backends.testOk' : 'backends.testOkNotAdmin',
    values: { product: about.product, version: about.version, identity: about.identity.username, ms: latencyMs },
  };
}

const target = (i: { id?: string; name?: string }) => ({ type: 'connection', id: i.id ?? null, name: i.name ?? null });

export async function createConnectionAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: connectionSchema, audit: 'backends.create', target },
    async (input) => {
      await refuseUnsupported(input.kind);
      // An id in the submission is ignored: adding always makes a new connection.
      const created = await createConnection({ ...input, id: undefined });
      revalidatePath(PAGE);
      return { message: 'backends.created', values: { name: created.name } };
    },
    prev,
    formData,
  );
}

export async function updateConnectionAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: connectionSchema, audit: 'backends.update', target },
    async (input) => {
      if (!input.id) throw new ActionRefusal('backends.notFound');
      refuseFileManaged(await load(input.id));
      await refuseUnsupported(input.kind);
      // An empty password field keeps the stored password (the schema leaves it undefined).
      const updated = await updateConnection(input.id, input);
      revalidatePath(PAGE);
      return { message: 'backends.updated', values: { name: updated.name } };
    },
    prev,
    formData,
  );
}

/** "Test connection" on the form's values, before saving (with the stored password when editing). */
export async function testConnectionFormAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: connectionSchema, audit: 'backends.test', target },
    async (input, outcome) => {
      if (input.id) await load(input.id);
      await refuseUnsupported(input.kind);
      return runTest(input, outcome);
    },
    prev,
    formData,
  );
}

/** "Test connection" on a saved row, with its stored settings. */
export async function testSavedConnectionAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: connectionIdSchema, audit: 'backends.test', target },
    async (input, outcome) => {
      const connection = await load(input.id);
      await refuseUnsupported(connection.kind);
      return runTest(connection.id, outcome);
    },
    prev,
    formData,
  );
}

export async function setConnectionEnabledAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: setEnabledSchema, audit: 'backends.setEnabled', target },
    async (input) => {
      await load(input.id);
      const updated = await setConnectionEnabled(input.id, input.enabled).catch((error: unknown) => {
        throw isBackendError(error, 'not_found') ? new ActionRefusal('backends.notFound') : error;
      });
      revalidatePath(PAGE);
      return { message: updated.enabled ? 'backends.enabledDone' : 'backends.disabledDone', values: { name: updated.name } };
    },
    prev,
    formData,
  );
}

export async function deleteConnectionAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return run(
    { schema: deleteConnectionSchema, audit: 'backends.delete', target: (i) => ({ type: 'connection', id: i.id, name: i.confirmName }) },
    async (input) => {
      const connection = await load(input.id);
      refuseFileManaged(connection);
      if (input.confirmName !== connection.name) throw new ActionRefusal('backends.removeMismatch');
      await deleteConnection(connection.id).catch((error: unknown) => {
        throw isBackendError(error, 'not_found') ? new ActionRefusal('backends.notFound') : error;
      });
      revalidatePath(PAGE);
      return { message: 'backends.deleted', values: { name: connection.name } };
    },
    prev,
    formData,
  );
}
