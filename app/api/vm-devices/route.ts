import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failed, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { vmDevicesView } from '@/lib/services/vm-devices';
import { qualifiedIdSchema } from '@/lib/validations/vm';

/**
 * What a VM's disks, NICs and CD-ROM tabs read besides the VM (which actions its backend offers,
 * the storage domains, ISO images and vNIC profiles to choose from, the CD now). Admins only.
 */
const querySchema = z.object({ vm: qualifiedIdSchema });

export const GET = withRole('admin', async (request: Request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: 'invalid_input' }, { status: 400 });
  try {
    return ok(await vmDevicesView(parsed.data.vm, request.signal));
  } catch (error) {
    return failed(error);
  }
});
