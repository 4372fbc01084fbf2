'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import type { GlusterBrick } from '@/lib/domain/gluster';
import type { FormAction } from './types';

/**
 * The bricks with host, path and status; ticked bricks can be removed in two steps (migrate the
 * data, then commit), kept after all (stop the migration, or retain after it finished), or removed
 * at once, losing what is on them. Rows are grouped in replica sets.
 */
export function GlusterBricksForm({ action, volumeId, bricks, setSize }: { action: FormAction; volumeId: string; bricks: GlusterBrick[]; setSize: number }) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [dangerous, setDangerous] = useState(false);
  const none = ticked.size === 0;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-3">
      <input type="hidden" name="id" value={volumeId} />
      <table className="w-full text-sm" data-testid="gluster-bricks">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1 sr-only">{t('select')}</th>
            <th className="py-1">{t('replicaSet')}</th>
            <th className="py-1">{t('host')}</th>
            <th className="py-1">{t('path')}</th>
            <th className="py-1">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          {bricks.map((b, i) => (
            <tr key={b.id} className="border-t border-slate-100 dark:border-slate-800" data-testid="gluster-brick" data-brick={b.name}>
              <td className="py-1">
                <input
                  type="checkbox"
                  name={`brick_${i}`}
                  value={b.name}
                  aria-label={t('selectBrick', { name: b.name })}
                  checked={ticked.has(b.name)}
                  onChange={(e) => {
                    const next = new Set(ticked);
                    if (e.target.checked) next.add(b.name);
                    else next.delete(b.name);
                    setTicked(next);
                  }}
                />
              </td>
              <td className="py-1 text-xs text-slate-500">{Math.floor(i / Math.max(1, setSize)) + 1}</td>
              <td className="py-1">{b.host.name ?? b.host.id}</td>
              <td className="py-1 font-mono text-xs">{b.dir}</td>
              <td className="py-1">
                <Badge tone={b.status === 'up' ? 'good' : b.status === 'down' ? 'bad' : 'neutral'}>{t(`brickStatus.${b.status}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" name="op" value="migrate" disabled={pending || none}>
          {t('brickOps.migrate')}
        </Button>
        <Button size="sm" variant="secondary" name="op" value="stopMigrate" disabled={pending || none}>
          {t('brickOps.stopMigrate')}
        </Button>
        <Button size="sm" variant="secondary" name="op" value="retain" disabled={pending || none}>
          {t('brickOps.retain')}
        </Button>
        <Button size="sm" variant="primary" name="op" value="commit" disabled={pending || none}>
          {t('brickOps.commit')}
        </Button>
        {!dangerous ? (
          <Button type="button" size="sm" variant="danger" disabled={none} onClick={() => setDangerous(true)}>
            {t('brickOps.removeNow')}
          </Button>
        ) : (
          <span className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-2 text-xs dark:border-red-900 dark:bg-red-950/40">
            {t('removeNowConfirm')}
            <Button type="button" size="sm" variant="ghost" onClick={() => setDangerous(false)}>
              {t('cancel')}
            </Button>
            <Button size="sm" variant="danger" name="op" value="removeNow" disabled={pending || none}>
              {t('confirm')}
            </Button>
          </span>
        )}
      </div>
      <p className="text-xs text-slate-500">{t('removeHelp')}</p>
      <FormStatus state={state} className="text-xs [overflow-wrap:anywhere]" />
    </form>
  );
}
