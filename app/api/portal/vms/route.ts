import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withRole } from '@/lib/auth/guards';
import { HTTP_STATUS_FOR_CODE, toClientError } from '@/lib/backends/errors';
import { VmNotYoursError } from '@/lib/services/access';
import { listMyVms, myVm, myVmSnapshots } from '@/lib/services/portal';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/**
 * What the portal's pages poll: a page of the caller's own VMs with live state, one of their VMs,
 * or its snapshots. Any signed-in user; another user's VM answers 404 like one that does not exist.
 */
const querySchema = z.union([
  z.object({ vm: qualifiedIdSchema }),
  z.object({ snapshotsOf: qualifiedIdSchema }),
  // Strict: a `vm` or `snapshotsOf` that is not a VM id is refused (400), not read as "list my VMs".
  z.strictObject({ page: z.coerce.number().int().min(1).max(10_000).default(1) }),
]);

export const GET = withRole('user', async (request, { user }) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: { code: 'invalid_input' } }, { status: 400 });
  const q = parsed.data;
  const headers = { 'cache-control': 'no-store' };
  try {
    if ('vm' in q) {
      const { exists, vm } = await myVm(user, q.vm, request.signal);
      return NextResponse.json({ exists, vm }, { headers });
    }
    if ('snapshotsOf' in q) return NextResponse.json({ snapshots: await myVmSnapshots(user, q.snapshotsOf, request.signal) }, { headers });
    return NextResponse.json(await listMyVms(user, q.page, request.signal), { headers });
  } catch (error) {
    if (error instanceof VmNotYoursError) return NextResponse.json({ error: { code: 'not_found' } }, { status: 404, headers });
    const client = toClientError(error);
    return NextResponse.json({ error: client }, { status: HTTP_STATUS_FOR_CODE[client.code], headers });
  }
});
