import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';

// The signed-in admin's identity: used by tooling and as the canary route of the
// authorization tests (anonymous → 401, user → 403, admin → 200).
export const GET = withRole('admin', async (_request, { user }) =>
  NextResponse.json({ id: user.id, username: user.username, role: user.role }),
);
