import { ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { listServiceHealth } from '@/lib/services/service-health';

export const dynamic = 'force-dynamic';

/** Every connection's services, for the overview's card (polled); each connection fails on its own. */
export const GET = withRole('admin', async (request: Request) => ok(await listServiceHealth(request.signal)));
