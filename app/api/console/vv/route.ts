import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { withRole } from '@/lib/auth/guards';
import { consoleErrorResponse } from '@/lib/console/http';
import { consoleEndpointFor } from '@/lib/console/service';
import { buildVvFile } from '@/lib/console/vv';
import { consoleVmIdSchema } from '@/lib/validations/console';

// The .vv file for remote-viewer: GET /api/console/vv?vm=<qualified VM id>. It holds a fresh
// one-time password (that is what the file is for), so it is never cached.
export const GET = withRole('user', async (request, { user }) => {
  const ip = clientIpFrom(request.headers);
  const parsed = consoleVmIdSchema.safeParse(new URL(request.url).searchParams.get('vm') ?? '');
  if (!parsed.success) return NextResponse.json({ error: { code: 'invalid_input', message: 'Give ?vm=<connection>:<vm>.' } }, { status: 400 });
  const vmId = parsed.data;
  try {
    const { backend, endpoint } = await consoleEndpointFor(user, vmId);
    const name = endpoint.vm.name ?? (await backend.getVm?.(vmId).then((v) => v.name, () => undefined)) ?? vmId;
    await audit({ actor: user, action: 'console.vv', target: { type: 'vm', id: vmId, name }, result: 'success', detail: { protocol: endpoint.protocol }, ip });
    const file = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'console';
    return new NextResponse(buildVvFile(endpoint, name), {
      headers: {
        'content-type': 'application/x-virt-viewer; charset=utf-8',
        'content-disposition': `attachment; filename="${file}.vv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    await audit({ actor: user, action: 'console.vv', target: { type: 'vm', id: vmId }, result: 'failure', detail: { reason: err instanceof Error ? err.message : String(err) }, ip });
    return consoleErrorResponse(err, 'vv');
  }
});
