'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import * as volumes from '@/lib/services/volumes';
import { imageDeleteSchema } from '@/lib/validations/image';

/** Image mutations besides the upload API: admin only, validated, audited (roleAction). */
export const deleteImageAction = roleAction(
  { role: 'admin', schema: imageDeleteSchema, audit: 'images.delete', target: (i) => ({ type: 'image', id: i.imageId, name: i.name ?? null }) },
  async (input) => {
    await volumes.deleteImage(input.connectionId, input.imageId);
    revalidatePath('/images');
    return { message: 'images.done.delete', values: { name: input.name ?? input.imageId } };
  },
);
