import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failed, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { vmSettingsView } from '@/lib/services/vm-settings';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/**
 * What a VM's settings tab reads: which settings its backend changes and when, what the VM has now
 * and at its next start, the hosts it may be pinned to. Admins only.
 */
const querySchema = z.object({ vm: qualifiedIdSchema });

export const GET = withRole('admin', async (request: Request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  try {
    return ok(await vmSettingsView(parsed.data.vm, request.signal));
  } catch (error) {
    return failed(error);
  }
});
