import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { withRole } from '@/lib/auth/guards';
import { consoleErrorResponse } from '@/lib/console/http';
import { consoleEndpointFor } from '@/lib/console/service';
import { buildVvFile } from '@/lib/console/vv';
import { consoleVmIdSchema } from '@/lib/validations/console';

// The .vv file for remote-viewer: POST /api/console/vv with the form field vm=<qualified VM id>
// (the console page's download button is a form). It holds a fresh one-time console password, so
// it is a POST, which withRole checks comes from the dashboard's own pages: a GET would be minted
// by any site's link or image. It is never cached.
export const POST = withRole('user', async (request, { user }) => {
  const ip = clientIpFrom(request.headers);
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    return NextResponse.json({ error: { code: 'unsupported_media_type', message: 'Send the form field vm.' } }, { status: 415 });
  }
  const form = await request.formData().catch(() => null);
  const parsed = consoleVmIdSchema.safeParse(form?.get('vm') ?? '');
  if (!parsed.success) return NextResponse.json({ error: { code: 'invalid_input', message: 'Give vm=<connection>:<vm>.' } }, { status: 400 });
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
