'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { glusterLayoutProblems } from '@/lib/domain/gluster';
import type { BrickHost } from './types';

export interface BrickRow {
  hostId: string;
  dir: string;
}

/**
 * Numbered host + directory rows (brickHost_N, brickDir_N); rows form replica sets in order. The
 * problems gluster would refuse are shown as the operator types, and `onProblems` lets the form
 * keep its submit disabled: nothing is sent for a layout gluster refuses.
 */
export function BrickRows({ hosts, rows, setRows, replicaCount, max, error }: {
  hosts: BrickHost[];
  rows: BrickRow[];
  setRows: (rows: BrickRow[]) => void;
  replicaCount: number;
  max: number;
  error?: string;
}) {
  const t = useTranslations('gluster');
  const filled = rows.filter((r) => r.hostId && r.dir.trim()).map((r) => ({ hostId: r.hostId, dir: r.dir.trim() }));
  const problems = glusterLayoutProblems(filled, replicaCount);
  const set = Math.max(1, replicaCount);
  return (
    <fieldset className="space-y-2" data-testid="brick-rows">
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{t('bricks')}</legend>
      {rows.map((row, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2">
          <span className="w-20 text-xs text-slate-500">{set > 1 ? t('replicaSetN', { n: Math.floor(i / set) + 1 }) : t('brickN', { n: i + 1 })}</span>
          <Select
            name={`brickHost_${i}`}
            aria-label={t('brickHostN', { n: i + 1 })}
            value={row.hostId}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, hostId: e.target.value } : r)))}
            className="w-48"
          >
            <option value="">{t('chooseHost')}</option>
            {hosts.map((h) => (
              <option key={h.id} value={h.id} disabled={!h.up}>
                {h.up ? h.name : t('hostNotUp', { name: h.name })}
              </option>
            ))}
          </Select>
          <Input
            name={`brickDir_${i}`}
            aria-label={t('brickDirN', { n: i + 1 })}
            value={row.dir}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, dir: e.target.value } : r)))}
            className="w-72 font-mono"
            maxLength={4096}
          />
        </div>
      ))}
      {rows.length < max && (
        <Button type="button" size="sm" variant="ghost" onClick={() => setRows([...rows, ...Array.from({ length: set }, () => ({ hostId: '', dir: rows[rows.length - 1]?.dir ?? '' }))])}>
          {set > 1 ? t('addReplicaSet') : t('addBrick')}
        </Button>
      )}
      <ul aria-live="polite" data-testid="layout-problems" className="space-y-1">
        {problems.map((p) => (
          <li key={p} className="text-xs text-red-600 dark:text-red-400">
            {t(`layout.${p}`)}
          </li>
        ))}
        {error && problems.length === 0 && <li className="text-xs text-red-600 dark:text-red-400">{error}</li>}
      </ul>
    </fieldset>
  );
}

export function layoutOk(rows: BrickRow[], replicaCount: number): boolean {
  const filled = rows.filter((r) => r.hostId && r.dir.trim()).map((r) => ({ hostId: r.hostId, dir: r.dir.trim() }));
  return glusterLayoutProblems(filled, replicaCount).length === 0;
}
