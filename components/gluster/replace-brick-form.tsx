'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import { glusterReplaceRefusal, type GlusterBrick, type GlusterVolume } from '@/lib/domain/gluster';
import type { BrickHost, FormAction } from './types';

/**
 * Swap one brick of a replica set (typically a failed server's) for a new brick on a host that
 * holds none of the volume's bricks. Where the volume's layout does not allow it, only the reason
 * is shown (glusterReplaceRefusal); the server checks the same again before anything is sent.
 */
export function GlusterReplaceBrickForm({ action, volume, bricks, hosts }: {
  action: FormAction;
  volume: Pick<GlusterVolume, 'id' | 'type' | 'replicaCount'>;
  bricks: GlusterBrick[];
  hosts: BrickHost[];
}) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const shape = { type: volume.type, replicaCount: volume.replicaCount, bricks };
  const layout = glusterReplaceRefusal(shape, bricks[0]?.name ?? '');
  // A brick that is down is the one most likely to be replaced.
  const [oldBrick, setOldBrick] = useState(() => (bricks.find((b) => b.status !== 'up') ?? bricks[0])?.name ?? '');
  const free = hosts.filter((h) => !bricks.some((b) => b.host.id === h.id));
  const [hostId, setHostId] = useState(() => free.find((h) => h.up)?.id ?? '');
  const [dir, setDir] = useState(() => bricks.find((b) => b.name === oldBrick)?.dir ?? '');
  if (layout) return <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="replace-brick-why">{t(`replace.why.${layout}`)}</p>;
  const problem = hostId && dir.trim() ? glusterReplaceRefusal(shape, oldBrick, { hostId, dir: dir.trim() }) : null;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-3" data-testid="replace-brick">
      <input type="hidden" name="id" value={volume.id} />
      <p className="text-xs text-slate-500">{t('replace.help', { copies: volume.replicaCount + 1, back: volume.replicaCount })}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Select name="oldBrick" aria-label={t('replace.oldBrick')} value={oldBrick} onChange={(e) => setOldBrick(e.target.value)} className="w-72 font-mono">
          {bricks.map((b) => (
            <option key={b.id} value={b.name}>
              {b.status === 'up' ? b.name : t('replace.brickDown', { name: b.name })}
            </option>
          ))}
        </Select>
        <span aria-hidden>→</span>
        <Select name="hostId" aria-label={t('replace.newHost')} value={hostId} onChange={(e) => setHostId(e.target.value)} className="w-48">
          <option value="">{t('chooseHost')}</option>
          {free.map((h) => (
            <option key={h.id} value={h.id} disabled={!h.up}>
              {h.up ? h.name : t('hostNotUp', { name: h.name })}
            </option>
          ))}
        </Select>
        <Input name="dir" aria-label={t('replace.newDir')} value={dir} onChange={(e) => setDir(e.target.value)} className="w-72 font-mono" maxLength={4096} />
      </div>
      {free.length === 0 && <p className="text-xs text-amber-700 dark:text-amber-400">{t('replace.noFreeHost')}</p>}
      {problem && <p className="text-xs text-red-600 dark:text-red-400">{t(`replace.why.${problem}`)}</p>}
      <FormStatus state={state} className="text-xs [overflow-wrap:anywhere]" />
      <Button size="sm" disabled={pending || !oldBrick || !hostId || !dir.trim() || problem !== null}>
        {t('replace.submit')}
      </Button>
    </form>
  );
}
