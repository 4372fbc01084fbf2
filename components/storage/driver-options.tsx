'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { CEPH_RBD_PRESET, DRIVER_OPTIONS_MAX, SENSITIVE_OPTION, type DriverOptionRow } from '@/lib/validations/storage-domain';

interface Row extends DriverOptionRow {
  /** Stable React key: rows are removed from the middle. */
  key: number;
}

/**
 * The Cinder driver's options of a managed block storage domain: key/value rows sent as
 * opt.<n>.name / .value / .sensitive (parsed by storageDomainCreateSchema). A sensitive row's
 * value is typed into a password input: it goes to the engine once and is never shown again.
 */
export function DriverOptionsEditor({ error }: { error?: string }) {
  const t = useTranslations('storageActions.managedBlock');
  const [next, setNext] = useState(1);
  const [rows, setRows] = useState<Row[]>([{ key: 0, name: 'volume_driver', value: '', sensitive: false }]);
  const update = (key: number, patch: Partial<DriverOptionRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const preset = () => {
    // Keeps values already typed for the preset's names; adds the names missing.
    setRows((rs) => {
      const byName = new Map(rs.map((r) => [r.name, r]));
      const filled = CEPH_RBD_PRESET.map((p, i) => ({ ...p, value: byName.get(p.name)?.value || p.value, key: next + i }));
      const others = rs.filter((r) => r.name && !CEPH_RBD_PRESET.some((p) => p.name === r.name));
      return [...filled, ...others];
    });
    setNext((n) => n + CEPH_RBD_PRESET.length);
  };

  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="driver-options">
      <legend className="px-1 text-sm font-medium">{t('title')}</legend>
      <p className="text-xs text-slate-500">{t('hint')}</p>
      <div className="flex flex-wrap gap-2">
        <Button type="button" size="sm" variant="secondary" onClick={preset}>
          {t('presetCeph')}
        </Button>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          disabled={rows.length >= DRIVER_OPTIONS_MAX}
          onClick={() => {
            setRows((rs) => [...rs, { key: next, name: '', value: '', sensitive: false }]);
            setNext((n) => n + 1);
          }}
        >
          {t('addOption')}
        </Button>
      </div>
      <table className="w-full text-left text-xs">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">{t('nameColumn')}</th>
            <th className="py-1 pr-2 font-medium">{t('valueColumn')}</th>
            <th className="py-1 pr-2 font-medium">{t('sensitive')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="py-1 pr-2">
                <Input
                  name={`opt.${i}.name`}
                  aria-label={t('optionName', { n: i + 1 })}
                  value={r.name}
                  // A secret-looking name is sensitive (the server sends it so either way).
                  onChange={(e) => update(r.key, { name: e.target.value, ...(SENSITIVE_OPTION.test(e.target.value.trim()) ? { sensitive: true } : {}) })}
                  autoComplete="off"
                  className="font-mono"
                />
              </td>
              <td className="py-1 pr-2">
                <Input
                  name={`opt.${i}.value`}
                  aria-label={t('optionValue', { n: i + 1 })}
                  type={r.sensitive ? 'password' : 'text'}
                  autoComplete={r.sensitive ? 'new-password' : 'off'}
                  placeholder={r.sensitive ? t('writeOnly') : undefined}
                  value={r.value}
                  onChange={(e) => update(r.key, { value: e.target.value })}
                  className="font-mono"
                />
              </td>
              <td className="py-1 pr-2">
                <input
                  type="checkbox"
                  name={`opt.${i}.sensitive`}
                  aria-label={t('sensitiveLabel', { n: i + 1 })}
                  checked={r.sensitive}
                  disabled={SENSITIVE_OPTION.test(r.name.trim())}
                  onChange={(e) => update(r.key, { sensitive: e.target.checked })}
                />
              </td>
              <td className="py-1">
                <Button type="button" size="sm" variant="ghost" aria-label={t('removeOption', { n: i + 1 })} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  ×
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </fieldset>
  );
}
