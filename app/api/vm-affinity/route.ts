import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failed, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { vmAffinityView } from '@/lib/services/vm-affinity';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/** A VM's affinity groups and labels, and those it could join or take. Admins only. */
const querySchema = z.object({ vm: qualifiedIdSchema });

export const GET = withRole('admin', async (request: Request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  try {
    return ok(await vmAffinityView(parsed.data.vm, request.signal));
  } catch (error) {
    return failed(error);
  }
});
