'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import type { ActionState } from '@/lib/actions/types';
import { usePoll } from '@/lib/query/poll';
import type { VmDevicesView } from '@/lib/services/vm-devices';
import { useActionRunner } from './use-action-runner';

type ServerAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** The VM's device choices and operations (/api/vm-devices), polled slowly: the CD can change elsewhere. */
export function useVmDevices(vmId: string) {
  return usePoll<VmDevicesView>({ key: ['vm-devices', vmId], url: `/api/vm-devices?${new URLSearchParams({ vm: vmId })}`, everyMs: 10_000 });
}

/**
 * Runs a device action: the schema first in the browser (the same messages as the server's),
 * then the server action; afterwards the live reads and the server-rendered tables refresh.
 * The form's values stay as typed on a refusal; `onDone` runs only when it was accepted.
 */
export function useDeviceAction() {
  const tr = useTranslations();
  const router = useRouter();
  const runner = useActionRunner();
  const submit = (action: ServerAction, schema: z.ZodType, values: Record<string, string>, onDone?: () => void): ActionState | undefined => {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= tr.has(issue.message) ? tr(issue.message) : tr('validation.invalid');
      return { ok: false, message: tr('errors.invalidInput'), fieldErrors };
    }
    runner.run(action, values, (result) => {
      router.refresh();
      if (result.ok) onDone?.();
    });
    return undefined;
  };
  return { ...runner, submit };
}
