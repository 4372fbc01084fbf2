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

/**
 * The console pages' URL segment: the qualified VM id URL-encoded (`kvm%3A<uuid>`), accepted
 * decoded too. undefined when it is no VM id (the page answers 404).
 */
export function consoleVmIdFromSegment(raw: string): string | undefined {
  let id = raw;
  if (!parseQualifiedId(id)) {
    try {
      id = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return consoleVmIdSchema.safeParse(id).success ? id : undefined;
}

/** The page title's VM name: the native id of the segment, or nothing when it is no VM id. */
export function consoleTitleName(raw: string): string {
  const id = consoleVmIdFromSegment(raw);
  return id ? (parseQualifiedId(id)?.nativeId ?? id) : '';
}
