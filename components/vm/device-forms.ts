'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import type { ActionState } from '@/lib/actions/types';
import type { ClientError } from '@/lib/backends/errors';
import type { VmDevicesView } from '@/lib/services/vm-devices';
import { StateError } from './live-state';
import { useActionRunner } from './use-action-runner';

type ServerAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** The VM's device choices and operations (/api/vm-devices), polled slowly: the CD can change elsewhere. */
export function useVmDevices(vmId: string) {
  return useQuery({
    queryKey: ['vm-devices', vmId],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/vm-devices?${new URLSearchParams({ vm: vmId })}`, { signal, cache: 'no-store' });
      const body = (await res.json().catch(() => ({}))) as VmDevicesView & { error?: ClientError | string };
      if (!res.ok) throw new StateError(typeof body.error === 'object' ? body.error : { code: 'backend_error', message: String(body.error ?? res.status) });
      return body as VmDevicesView;
    },
    refetchInterval: 10_000,
  });
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
