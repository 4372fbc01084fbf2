import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failed, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { hostState } from '@/lib/services/host-operations';
import { templateState, vmMigrationTargets, vmSnapshotsWithOperations, vmState, vmStateByName, wizardChoices } from '@/lib/services/vm-operations';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/**
 * What the VM, host and template action panels poll while work is under way
 * (the engine's intermediate states: powering_up, preparing_for_maintenance,
 * image_locked…). Admins only; reads go through the shared backend cache.
 * A backend that fails answers its error code and words, never a hang.
 */
const querySchema = z.union([
  z.object({ vm: qualifiedIdSchema }),
  z.object({ host: qualifiedIdSchema }),
  z.object({ template: qualifiedIdSchema }),
  z.object({ snapshotsOf: qualifiedIdSchema }),
  z.object({ migrationTargetsOf: qualifiedIdSchema }),
  z.object({ choices: z.string().min(1).max(64) }),
  z.object({ connection: z.string().min(1).max(64), name: z.string().min(1).max(255) }),
]);

export const GET = withRole('admin', async (request: Request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  const q = parsed.data;
  const signal = request.signal;
  try {
    const body =
      'vm' in q
        ? await vmState(q.vm, signal)
        : 'host' in q
          ? await hostState(q.host, signal)
          : 'template' in q
            ? await templateState(q.template, signal)
            : 'snapshotsOf' in q
              ? await vmSnapshotsWithOperations(q.snapshotsOf, signal)
              : 'migrationTargetsOf' in q
                ? await vmMigrationTargets(q.migrationTargetsOf, signal)
                : 'choices' in q
                  ? await wizardChoices(q.choices, signal)
                  : await vmStateByName(q.connection, q.name, signal);
    return ok(body);
  } catch (error) {
    return failed(error);
  }
});
