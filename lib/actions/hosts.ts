'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import type { ActionState } from '@/lib/actions/types';
import { addHost, removeHost } from '@/lib/services/infra-operations';
import { hostOperation } from '@/lib/services/host-operations';
import { hostAddSchema, hostRemoveSchema } from '@/lib/validations/host-add';
import { HOST_ACTIONS, hostActionSchema, type HostAction } from '@/lib/validations/vm';

export const addHostAction = roleAction(
  // The root password is never part of the audit entry: only the target's name and address.
  { role: 'admin', schema: hostAddSchema, audit: 'hosts.add', target: (i) => ({ type: 'host', name: `${i.name} (${i.address})` }) },
  async (input) => {
    const host = await addHost(input);
    revalidatePath('/hosts', 'layout');
    return { message: 'hostAdd.added', values: { name: host.name } };
  },
);

export const removeHostAction = roleAction(
  { role: 'admin', schema: hostRemoveSchema, audit: 'hosts.remove', target: (i) => ({ type: 'host', id: i.id, name: i.name }) },
  async (input) => {
    await removeHost(input.id);
    revalidatePath('/hosts', 'layout');
    return { message: 'hostAdd.removed', values: { name: input.name } };
  },
);

// One wrapped action per verb, so the audit log names it ("hosts.deactivate", "hosts.fenceRestart").
const HOST = Object.fromEntries(
  HOST_ACTIONS.map((action) => [
    action,
    roleAction({ role: 'admin', schema: hostActionSchema, audit: `hosts.${action}`, target: (i) => ({ type: 'host', id: i.id }) }, async (input) => {
      await hostOperation(input.id, input.action);
      // The server-rendered status line and lists show the engine's answer (preparing_for_maintenance…) at once.
      revalidatePath('/hosts', 'layout');
      return { message: `hostActions.requested.${input.action}` };
    }),
  ]),
) as Record<HostAction, (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>>;

/** Maintenance, activate and fence-restart; an engine refusal comes back in its own words, nothing changed. */
export async function hostAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const verb = String(formData.get('action') ?? '');
  // An unknown verb still goes through a wrapper, whose schema refuses it (and audits the refusal).
  const run = (HOST_ACTIONS as readonly string[]).includes(verb) ? HOST[verb as HostAction] : HOST.activate;
  return run(prev, formData);
}
