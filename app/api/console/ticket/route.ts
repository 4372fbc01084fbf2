import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { withRole } from '@/lib/auth/guards';
import { jsonBody } from '@/lib/http/json-body';
import { consoleErrorResponse } from '@/lib/console/http';
import { issueConsole, issueSerialConsole } from '@/lib/console/service';
import { consoleTicketRequestSchema } from '@/lib/validations/console';

// A single-use console ticket for the console page. A route handler rather than a server action:
// the page needs the ticket back as data, and it asks again on every reconnect.
// {"vmId", "protocol"} is well under a kilobyte: a larger body is refused unread.
const TICKET_BODY_MAX_BYTES = 4096;

export const POST = withRole('user', async (request, { user }) => {
  const ip = clientIpFrom(request.headers);
  const body = await jsonBody(request, TICKET_BODY_MAX_BYTES);
  if (!body.ok) return body.response;
  const parsed = consoleTicketRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    return NextResponse.json({ error: { code: 'invalid_input', message: 'Send {"vmId": "<connection>:<vm>"}.' } }, { status: 400 });
  }
  const { vmId, protocol } = parsed.data;
  try {
    const issued = protocol === 'serial' ? await issueSerialConsole(user, vmId) : await issueConsole(user, vmId, protocol);
    await audit({ actor: user, action: 'console.ticket', target: { type: 'vm', id: vmId, name: issued.vmName }, result: 'success', detail: { protocol: issued.protocol }, ip });
    return NextResponse.json(issued, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    await audit({ actor: user, action: 'console.ticket', target: { type: 'vm', id: vmId }, result: 'failure', detail: { reason: err instanceof Error ? err.message : String(err) }, ip });
    return consoleErrorResponse(err, 'ticket');
  }
});
