import { z } from 'zod';
import { IMAGE_CONTAINER_FORMATS, IMAGE_DISK_FORMATS, IMAGE_VISIBILITIES } from '@/lib/domain/volumes';
import { UPLOAD_MAX_BYTES } from './upload';

/** The image upload API's and the image actions' inputs. */

const E = 'images.errors';
const connectionId = z.string({ error: `${E}.connectionInvalid` }).min(1, { error: `${E}.connectionInvalid` }).max(100, { error: `${E}.connectionInvalid` }).regex(/^[^:\s]+$/, { error: `${E}.connectionInvalid` });
/** Glance ids are UUIDs: anything else never reaches it. */
const imageId = z.string({ error: `${E}.idInvalid` }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `${E}.idInvalid` });

export const imageUploadStartSchema = z.strictObject({
  connectionId,
  // Glance allows 255 characters of any kind; control characters only make trouble in lists.
  name: z
    .string({ error: `${E}.nameInvalid` })
    .trim()
    .min(1, { error: `${E}.nameInvalid` })
    .max(255, { error: `${E}.nameInvalid` })
    .regex(/^[^\p{Cc}]+$/u, { error: `${E}.nameInvalid` }),
  diskFormat: z.enum(IMAGE_DISK_FORMATS, { error: `${E}.diskFormatInvalid` }),
  containerFormat: z.enum(IMAGE_CONTAINER_FORMATS, { error: `${E}.containerFormatInvalid` }),
  visibility: z.enum(IMAGE_VISIBILITIES, { error: `${E}.visibilityInvalid` }).default('private'),
  sizeBytes: z.number({ error: `${E}.sizeInvalid` }).int({ error: `${E}.sizeInvalid` }).min(1, { error: `${E}.empty` }).max(UPLOAD_MAX_BYTES, { error: `${E}.tooLarge` }),
});
export type ImageUploadStartInput = z.infer<typeof imageUploadStartSchema>;

export const imageUploadIdSchema = z.string({ error: `${E}.idInvalid` }).uuid({ error: `${E}.idInvalid` });

export const imageDeleteSchema = z.strictObject({
  connectionId,
  imageId,
  name: z.string().max(255).optional(),
});
