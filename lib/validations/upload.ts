import { z } from 'zod';
import { qualifiedId } from './datacenter';

/** The upload API's inputs: starting an upload, and one byte range of it. */

const P = 'isoUpload.errors';
/** Engines accept images far larger; this bounds a browser upload to something an operator means. */
export const UPLOAD_MAX_BYTES = 1024 ** 4;
/** What the browser sends per request: small enough to resume cheaply, large enough to be quick. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

/** A disk alias the engine accepts, made from a file name ("Debian 12.iso" → "Debian_12.iso"). */
export function diskNameFromFile(fileName: string): string {
  const cleaned = fileName.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/_+/g, '_').slice(0, 40);
  return cleaned || 'upload.iso';
}

export const uploadStartSchema = z.object({
  storageDomainId: qualifiedId(`${P}.storageRequired`),
  name: z.string({ error: `${P}.nameInvalid` }).min(1, { error: `${P}.nameInvalid` }).max(40, { error: `${P}.nameInvalid` }).regex(/^[A-Za-z0-9_.-]+$/, { error: `${P}.nameInvalid` }),
  sizeBytes: z.number({ error: `${P}.sizeInvalid` }).int({ error: `${P}.sizeInvalid` }).min(1, { error: `${P}.empty` }).max(UPLOAD_MAX_BYTES, { error: `${P}.tooLarge` }),
  contentType: z.enum(['iso', 'data']).default('iso'),
});
export type UploadStartInput = z.infer<typeof uploadStartSchema>;

const int = (min: number, max: number) => z.coerce.number({ error: `${P}.rangeInvalid` }).int({ error: `${P}.rangeInvalid` }).min(min, { error: `${P}.rangeInvalid` }).max(max, { error: `${P}.rangeInvalid` });

export const uploadChunkSchema = z
  .object({
    offset: int(0, UPLOAD_MAX_BYTES - 1),
    length: int(1, UPLOAD_CHUNK_BYTES * 4),
    total: int(1, UPLOAD_MAX_BYTES),
  })
  .refine((v) => v.offset + v.length <= v.total, { error: `${P}.rangeInvalid` });
export type UploadChunkInput = z.infer<typeof uploadChunkSchema>;

export const uploadIdSchema = qualifiedId(`${P}.idInvalid`);
