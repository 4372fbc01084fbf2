'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';

/**
 * A modal confirmation (the native <dialog>, so focus and Escape behave) that
 * says what will happen before it happens. With `typeToConfirm`, the confirm
 * button stays disabled until that exact text is typed (deleting by name).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  typeToConfirm,
  typeLabel,
  pending = false,
  incomplete = false,
  onConfirm,
  onCancel,
  extra,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: ReactNode;
  danger?: boolean;
  typeToConfirm?: string;
  typeLabel?: ReactNode;
  pending?: boolean;
  /** A choice in `extra` is still missing: confirming is not possible yet. */
  incomplete?: boolean;
  /** Gets the typed text (to send along as the confirmation). */
  onConfirm: (typed: string) => void;
  onCancel: () => void;
  /** More controls inside the dialog (e.g. "keep the disks"). */
  extra?: ReactNode;
}) {
  const t = useTranslations('vmActions');
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setTyped('');
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const blocked = pending || incomplete || (typeToConfirm !== undefined && typed.trim() !== typeToConfirm);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form
        method="dialog"
        className="space-y-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) onConfirm(typed.trim());
        }}
      >
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        <div className="space-y-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>
        {extra}
        {typeToConfirm !== undefined && (
          <div className="space-y-1">
            <label htmlFor={inputId} className="block text-xs font-medium">
              {typeLabel}
            </label>
            <Input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </div>
        )}
        <div className="flex justify-end gap-2 pt-2">
          <Button type="button" variant="ghost" onClick={onCancel}>
            {t('cancel')}
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={blocked}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
