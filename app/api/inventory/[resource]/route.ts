import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';
import { loadInventory } from '@/lib/services/inventory-load';
import { isInventoryResource } from '@/lib/inventory/resources';

/**
 * JSON reads for the live tables' polling. Admins only; every read goes
 * through the shared per-connection cache (lib/services/inventory.ts), so many
 * open browsers cost each backend one request per cache lifetime.
 * Backend failures are inside the 200 answer (per connection), so one dead
 * engine never hides the others' rows.
 */
export const GET = withRole('admin', async (request: Request, { params }: { params: Promise<{ resource: string }> }) => {
  const { resource } = await params;
  if (!isInventoryResource(resource)) return NextResponse.json({ error: 'not_found' }, { status: 404 });
  const url = new URL(request.url);
  const data = await loadInventory(resource, url.searchParams, { signal: request.signal });
  return NextResponse.json(data, { headers: { 'cache-control': 'no-store' } });
});
