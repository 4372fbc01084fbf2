import { z } from 'zod';
import { BOOT_DEVICES, MIGRATION_MODES, type BootDevice, type ConsoleProtocol } from '@/lib/domain';
import type { VmSettingsPatch } from '@/lib/backends/vm-settings-types';
import { qualifiedIdSchema } from './vm';

/**
 * The VM settings form (issue 19 point 4): boot order, high availability and its lease, console
 * type, placement, autostart. Every field is optional: the editor sends only what the user changed. Parsed in the
 * browser first and again by the server action. Messages are i18n keys under vmSettings.errors.
 */

const P = 'vmSettings.errors';

const flag = z.enum(['true', 'false'], { error: `${P}.invalid` }).transform((v) => v === 'true');

/** "cdrom,hd": each known device once, one to three of them. */
const bootOrder = z
  .string()
  .trim()
  .max(64)
  .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
  .refine((list) => list.length >= 1, { error: `${P}.bootEmpty` })
  .refine((list) => list.every((d) => (BOOT_DEVICES as readonly string[]).includes(d)), { error: `${P}.bootUnknown` })
  .refine((list) => new Set(list).size === list.length, { error: `${P}.bootTwice` })
  .transform((list) => list as BootDevice[]);

/** Newline-separated host ids (ids are opaque and may hold commas). */
const hostIds = z
  .string()
  .max(16_384)
  .transform((v) => v.split('\n').map((s) => s.trim()).filter(Boolean))
  .refine((ids) => ids.length <= 64, { error: `${P}.hostsTooMany` })
  .refine((ids) => ids.every((id) => qualifiedIdSchema.safeParse(id).success), { error: `${P}.hostInvalid` })
  .refine((ids) => new Set(ids).size === ids.length, { error: `${P}.hostInvalid` });

export const HA_PRIORITY_MAX = 100;

export const vmSettingsSchema = z
  .object({
    vmId: qualifiedIdSchema,
    bootOrder: bootOrder.optional(),
    haEnabled: flag.optional(),
    haPriority: z.coerce
      .number({ error: `${P}.priorityInvalid` })
      .int({ error: `${P}.priorityInvalid` })
      .min(0, { error: `${P}.priorityInvalid` })
      .max(HA_PRIORITY_MAX, { error: `${P}.priorityInvalid` })
      .optional(),
    console: z.enum(['vnc', 'spice'], { error: `${P}.consoleInvalid` }).optional(),
    migration: z.enum(MIGRATION_MODES, { error: `${P}.migrationInvalid` }).optional(),
    hostIds: hostIds.optional(),
    autostart: flag.optional(),
    /** The lease's storage domain; '' removes the lease. */
    leaseDomainId: z
      .string()
      .trim()
      .max(512)
      .refine((v) => v === '' || qualifiedIdSchema.safeParse(v).success, { error: `${P}.leaseInvalid` })
      .optional(),
  })
  .strict()
  // HA is one setting of two parts, placement too: the form sends both parts or neither.
  .refine((v) => (v.haEnabled === undefined) === (v.haPriority === undefined), { error: `${P}.priorityInvalid`, path: ['haPriority'] })
  .refine((v) => (v.migration === undefined) === (v.hostIds === undefined), { error: `${P}.migrationInvalid`, path: ['migration'] })
  .refine(
    (v) => v.bootOrder !== undefined || v.haEnabled !== undefined || v.console !== undefined || v.migration !== undefined || v.autostart !== undefined || v.leaseDomainId !== undefined,
    { error: `${P}.nothingChanged`, path: ['form'] },
  );

export type VmSettingsInput = z.infer<typeof vmSettingsSchema>;

/** The backend-neutral change the form asked for. */
export function settingsPatchOf(input: VmSettingsInput): VmSettingsPatch {
  const patch: VmSettingsPatch = {};
  if (input.bootOrder) patch.bootOrder = input.bootOrder;
  if (input.haEnabled !== undefined && input.haPriority !== undefined) patch.highAvailability = { enabled: input.haEnabled, priority: input.haPriority };
  if (input.console) patch.console = input.console as ConsoleProtocol;
  if (input.migration && input.hostIds) patch.placement = { migration: input.migration, hostIds: input.hostIds };
  if (input.autostart !== undefined) patch.autostart = input.autostart;
  if (input.leaseDomainId !== undefined) patch.lease = input.leaseDomainId || null;
  return patch;
}
