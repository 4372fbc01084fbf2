import { withRole } from '@/lib/auth/guards';
import { NextResponse } from 'next/server';
import { changeStream, pushEnabled } from '@/lib/services/change-stream';

/**
 * One stream per browser tab: what changed on the backends (kind, connection, ids; never state),
 * as Server-Sent Events, so its pages re-read exactly that at once instead of polling fast. Any
 * signed-in user; a portal user hears only of their own VMs and volumes (lib/services/change-stream.ts).
 */
export const dynamic = 'force-dynamic';

export const GET = withRole('user', async (request, { user }) => {
  // Switched off: the browser's EventSource gives up on a non-200 answer and its pages keep polling.
  if (!pushEnabled()) return NextResponse.json({ error: { code: 'push_off' } }, { status: 503 });
  const stream = await changeStream(user, request.signal);
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      // Proxies (nginx) must pass each event on at once, not buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
});
