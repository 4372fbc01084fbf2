import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failed, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { affinityView } from '@/lib/services/affinity';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/** A cluster's affinity groups and its engine's affinity labels, with their members. Admins only. */
const querySchema = z.object({ cluster: qualifiedIdSchema });

export const GET = withRole('admin', async (request: Request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  try {
    return ok(await affinityView(parsed.data.cluster, request.signal));
  } catch (error) {
    return failed(error);
  }
});
