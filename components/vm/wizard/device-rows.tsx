'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import type { WizardChoices } from '@/lib/services/vm-create';
import { DiskInterfaceSelect, NicModelSelect } from '@/components/vm/device-selects';
import { Section } from './section';
import { NetworkChooser } from '@/components/vm/nics/network-chooser';
import { inDataCenterOf, newDisk, newNic, type DiskRow, type NicRow, type WizardValues } from './values';

const MAX_ROWS = 16;
const GiB = 1024 ** 3;

/** Disk rows: size, storage domain (of the cluster's data center), thin or preallocated, interface. */
export function DiskRows({
  choices,
  values,
  error,
  onChange,
}: {
  choices: WizardChoices;
  values: WizardValues;
  error?: string;
  onChange: (disks: DiskRow[]) => void;
}) {
  const t = useTranslations('vmWizard');
  const domains = inDataCenterOf(choices.storageDomains, choices, values.clusterId);
  const update = (key: number, patch: Partial<DiskRow>) => onChange(values.disks.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  return (
    <Section
      title={values.source === 'image' ? t('sections.extraDisks') : t('sections.disks')}
      actions={
        <Button type="button" variant="secondary" size="sm" disabled={values.disks.length >= MAX_ROWS} onClick={() => onChange([...values.disks, newDisk(choices, values.clusterId)])}>
          {t('disk.add')}
        </Button>
      }
    >
      {values.disks.length === 0 && <p className="text-sm text-slate-500">{values.source === 'image' ? t('disk.noneExtra') : t('disk.none')}</p>}
      {values.disks.map((d, i) => {
        const n = i + 1;
        return (
          <div key={d.key} className="grid items-end gap-2 sm:grid-cols-[7rem_1fr_9rem_9rem_auto]" data-testid={`disk-row-${n}`}>
            <RowField label={t('disk.size', { n })}>
              <Input type="number" min={1} value={d.sizeGiB} onChange={(e) => update(d.key, { sizeGiB: e.target.value })} aria-label={t('disk.size', { n })} />
            </RowField>
            <RowField label={t('disk.domain', { n })}>
              <Select value={d.storageDomainId} onChange={(e) => update(d.key, { storageDomainId: e.target.value })} aria-label={t('disk.domain', { n })}>
                {domains.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.availableBytes !== undefined ? t('disk.domainOption', { name: s.name, free: Math.floor(s.availableBytes / GiB) }) : s.name}
                  </option>
                ))}
              </Select>
            </RowField>
            <RowField label={t('disk.allocation', { n })}>
              <Select value={d.thin ? 'thin' : 'preallocated'} onChange={(e) => update(d.key, { thin: e.target.value === 'thin' })} aria-label={t('disk.allocation', { n })}>
                <option value="thin">{t('disk.thin')}</option>
                <option value="preallocated">{t('disk.preallocated')}</option>
              </Select>
            </RowField>
            <RowField label={t('disk.interface', { n })}>
              <DiskInterfaceSelect value={d.interface} onChange={(e) => update(d.key, { interface: e.target.value })} aria-label={t('disk.interface', { n })} />
            </RowField>
            <Button type="button" variant="ghost" size="sm" onClick={() => onChange(values.disks.filter((x) => x.key !== d.key))} aria-label={t('disk.remove', { n })}>
              {t('remove')}
            </Button>
          </div>
        );
      })}
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </Section>
  );
}

/** One labelled field of a disk or NIC row. */
function RowField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="space-y-1 text-xs">
      <span className="block text-slate-600 dark:text-slate-400">{label}</span>
      {children}
    </label>
  );
}

/** NIC rows: name, vNIC profile (a libvirt network is offered as one), model. */
export function NicRows({
  choices,
  values,
  error,
  onChange,
}: {
  choices: WizardChoices;
  values: WizardValues;
  error?: string;
  onChange: (nics: NicRow[]) => void;
}) {
  const t = useTranslations('vmWizard');
  const profiles = inDataCenterOf(choices.vnicProfiles, choices, values.clusterId);
  const update = (key: number, patch: Partial<NicRow>) => onChange(values.nics.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  return (
    <Section
      title={t('sections.nics')}
      actions={
        <Button
          type="button"
          variant="secondary"
          size="sm"
          disabled={values.nics.length >= MAX_ROWS}
          onClick={() => onChange([...values.nics, newNic(choices, values.clusterId, values.nics.map((x) => x.name))])}
        >
          {t('nic.add')}
        </Button>
      }
    >
      {values.nics.length === 0 && <p className="text-sm text-slate-500">{t('nic.none')}</p>}
      {values.nics.map((nic, i) => {
        const n = i + 1;
        return (
          <div key={nic.key} className="grid items-end gap-2 sm:grid-cols-[9rem_1fr_9rem_auto]" data-testid={`nic-row-${n}`}>
            <RowField label={t('nic.name', { n })}>
              <Input value={nic.name} onChange={(e) => update(nic.key, { name: e.target.value })} aria-label={t('nic.name', { n })} />
            </RowField>
            <RowField label={t('nic.profile', { n })}>
              <NetworkChooser
                value={nic.vnicProfileId}
                onChange={(e) => update(nic.key, { vnicProfileId: e.target.value })}
                aria-label={t('nic.profile', { n })}
                profiles={profiles}
                emptyLabel={t('nic.noProfile')}
              />
            </RowField>
            <RowField label={t('nic.model', { n })}>
              <NicModelSelect value={nic.interface} onChange={(e) => update(nic.key, { interface: e.target.value })} aria-label={t('nic.model', { n })} />
            </RowField>
            <Button type="button" variant="ghost" size="sm" onClick={() => onChange(values.nics.filter((x) => x.key !== nic.key))} aria-label={t('nic.remove', { n })}>
              {t('remove')}
            </Button>
          </div>
        );
      })}
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </Section>
  );
}
