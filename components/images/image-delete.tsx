'use client';

import { useTranslations } from 'next-intl';
import { ActionForm } from '@/components/volumes/action-form';
import { deleteImageAction } from '@/lib/actions/images';

/** Delete, after a confirmation; a protected or in-use image is refused in the image service's words. */
export function ImageDelete({ connectionId, imageId, name }: { connectionId: string; imageId: string; name: string }) {
  const t = useTranslations('images');
  return (
    <ActionForm
      action={deleteImageAction}
      hidden={{ connectionId, imageId, name }}
      submit={t('delete')}
      variant="danger"
      confirm={t('confirmDelete', { name })}
      testId={`image-delete-${name}`}
    />
  );
}
