import { z } from 'zod';
import { parseQualifiedId } from '@/lib/domain';

/** A qualified VM id (`connection:native`), as in the console page's URL. */
export const consoleVmIdSchema = z
  .string()
  .min(3)
  .max(512)
  .refine((v) => !!parseQualifiedId(v), 'console.errors.badVmId');

/** What the console page sends for a ticket. */
export const consoleTicketRequestSchema = z.object({
  vmId: consoleVmIdSchema,
  // 'serial': the VM's serial console (a text terminal) rather than its screen.
  protocol: z.enum(['vnc', 'spice', 'serial']).optional(),
});
export type ConsoleTicketRequest = z.infer<typeof consoleTicketRequestSchema>;
