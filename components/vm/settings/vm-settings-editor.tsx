'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { vmSettingsAction } from '@/lib/actions/vm-settings';
import type { ActionState } from '@/lib/actions/types';
import type { BootDevice, Vm, VmSettings } from '@/lib/domain';
import { MIGRATION_MODES } from '@/lib/domain';
import type { VmSettingField } from '@/lib/backends/vm-settings-types';
import { usePoll } from '@/lib/query/poll';
import type { VmSettingsView } from '@/lib/services/vm-settings';
import { vmSettingsSchema } from '@/lib/validations/vm-settings';
import { useDeviceAction } from '../device-forms';

/**
 * A VM's boot order, HA, console type, placement and autostart (issue 19 point 4): what it has now
 * and, where they differ, what its next start will use; an editor for what the backend can change,
 * each field saying whether it applies at once or at the next start; what the backend cannot change
 * is named with the reason. Only the fields the user changed are sent.
 */

interface Draft {
  boot: string[];
  haEnabled: boolean;
  haPriority: string;
  console: string;
  migration: string;
  hostIds: string[];
  autostart: boolean;
  /** The lease's storage domain id; '' = none. */
  lease: string;
}

function draftOf(s: VmSettings): Draft {
  return {
    boot: s.bootOrder ?? ['hd'],
    haEnabled: s.highAvailability?.enabled ?? false,
    haPriority: String(s.highAvailability?.priority ?? 1),
    console: s.console ?? '',
    migration: s.placement?.migration ?? 'migratable',
    hostIds: s.placement?.hosts.map((h) => h.id) ?? [],
    autostart: s.autostart ?? false,
    lease: s.lease?.id ?? '',
  };
}

export function VmSettingsEditor({ vm }: { vm: Vm }) {
  const t = useTranslations('vmSettings');
  const view = usePoll<VmSettingsView>({ key: ['vm-settings', vm.id], url: `/api/vm-settings?${new URLSearchParams({ vm: vm.id })}`, everyMs: 10_000 });
  // The last save's answer lives here, above the form that a fresh read starts afresh.
  const action = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  if (view.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: view.error.message })}</p>;
  if (!view.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (!view.data.features || !view.data.state) return <p className="text-sm text-slate-500" data-testid="vm-settings">{t('unsupportedBackend')}</p>;
  // Keyed by what the form starts from: a change elsewhere (or ours, saved) starts it afresh.
  const shown = view.data.state.nextStart ?? view.data.state.current;
  const shownAnswer = local ?? action.state;
  return (
    <div className="space-y-4" data-testid="vm-settings">
      <SettingsForm
        key={JSON.stringify(shown)}
        vmId={vm.id}
        view={view.data as Required<Pick<VmSettingsView, 'features' | 'state'>> & VmSettingsView}
        action={action}
        answer={shownAnswer}
        setLocal={setLocal}
      />
      <FormStatus state={shownAnswer} />
    </div>
  );
}

function SettingsForm({
  vmId,
  view,
  action,
  answer,
  setLocal,
}: {
  vmId: string;
  view: Required<Pick<VmSettingsView, 'features' | 'state'>> & VmSettingsView;
  action: ReturnType<typeof useDeviceAction>;
  answer: ActionState | undefined;
  setLocal: (s: ActionState | undefined) => void;
}) {
  const t = useTranslations('vmSettings');
  const { features, state, hosts, leaseDomains, running } = view;
  const start = draftOf(state.nextStart ?? state.current);
  const [draft, setDraft] = useState<Draft>(start);
  const { pending, submit } = action;
  const can = (f: VmSettingField) => features.applies[f] !== undefined;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const when = (f: VmSettingField) =>
    running && can(f) ? <span className="text-xs text-slate-500" data-testid={`applies-${f}`}>{features.applies[f] === 'live' ? t('appliesNow') : t('appliesNextStart')}</span> : null;

  const values = (): Record<string, string> => {
    const v: Record<string, string> = { vmId };
    const boot = draft.boot.filter(Boolean);
    if (can('bootOrder') && boot.join() !== start.boot.join()) v.bootOrder = boot.join(',');
    if (can('highAvailability') && (draft.haEnabled !== start.haEnabled || draft.haPriority !== start.haPriority)) {
      v.haEnabled = String(draft.haEnabled);
      v.haPriority = draft.haPriority;
    }
    if (can('console') && draft.console && draft.console !== start.console) v.console = draft.console;
    if (can('placement') && (draft.migration !== start.migration || draft.hostIds.join('\n') !== start.hostIds.join('\n'))) {
      v.migration = draft.migration;
      v.hostIds = draft.hostIds.join('\n');
    }
    if (can('autostart') && draft.autostart !== start.autostart) v.autostart = String(draft.autostart);
    if (can('lease') && draft.lease !== start.lease) v.leaseDomainId = draft.lease;
    return v;
  };
  const errors = answer?.fieldErrors;
  const bootName = (d: string) => t(`boot.${d as BootDevice}`);

  return (
    <div className="space-y-4">
      <SettingsFacts view={view} />
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setLocal(submit(vmSettingsAction, vmSettingsSchema, values(), () => setLocal(undefined)));
        }}
      >
        <fieldset className="space-y-2" data-testid="settings-boot">
          <legend className="text-sm font-medium">{t('bootOrder')} {when('bootOrder')}</legend>
          {can('bootOrder') ? (
            <div className="flex flex-wrap gap-2">
              {[0, 1, 2].slice(0, features.bootDevices.length).map((i) => (
                <Field key={i} label={t('bootPosition', { n: i + 1 })} name={`boot-${i}`} error={i === 0 ? errors?.bootOrder : undefined}>
                  <Select
                    name={`boot-${i}`}
                    value={draft.boot[i] ?? ''}
                    onChange={(e) => {
                      const next = [...draft.boot];
                      next[i] = e.target.value;
                      set({ boot: next.slice(0, features.bootDevices.length) });
                    }}
                  >
                    {i > 0 && <option value="">{t('bootNone')}</option>}
                    {features.bootDevices.map((d) => (
                      <option key={d} value={d}>
                        {bootName(d)}
                      </option>
                    ))}
                  </Select>
                </Field>
              ))}
            </div>
          ) : (
            <Unsupported field="bootOrder" view={view} />
          )}
        </fieldset>

        <fieldset className="space-y-2" data-testid="settings-ha">
          <legend className="text-sm font-medium">{t('ha')} {when('highAvailability')}</legend>
          {can('highAvailability') ? (
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="haEnabled" checked={draft.haEnabled} onChange={(e) => set({ haEnabled: e.target.checked })} />
                {t('haEnabled')}
              </label>
              <Field label={t('haPriority')} name="haPriority" error={errors?.haPriority} hint={t('haPriorityHint', { max: features.maxHaPriority ?? 100 })}>
                <Input name="haPriority" id="haPriority" inputMode="numeric" className="w-24" value={draft.haPriority} onChange={(e) => set({ haPriority: e.target.value })} />
              </Field>
            </div>
          ) : (
            <Unsupported field="highAvailability" view={view} />
          )}
          <div data-testid="settings-lease">
            {can('lease') ? (
              <Field label={t('lease')} name="leaseDomainId" error={errors?.leaseDomainId} hint={t('leaseHint')}>
                <Select name="leaseDomainId" id="leaseDomainId" value={draft.lease} onChange={(e) => set({ lease: e.target.value })}>
                  <option value="">{t('leaseNone')}</option>
                  {/* A lease on a domain no longer offered (in maintenance) stays choosable as it is. */}
                  {[...leaseDomains, ...(start.lease && !leaseDomains.some((d) => d.id === start.lease) ? [{ id: start.lease, name: (state.nextStart ?? state.current).lease?.name }] : [])].map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name ?? d.id}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : (
              <Unsupported field="lease" view={view} />
            )}
          </div>
        </fieldset>

        <fieldset className="space-y-2" data-testid="settings-console">
          <legend className="text-sm font-medium">{t('console')} {when('console')}</legend>
          {can('console') ? (
            <Field label={t('consoleType')} name="console" error={errors?.console}>
              <Select name="console" id="console" value={draft.console} onChange={(e) => set({ console: e.target.value })}>
                {!draft.console && <option value="">{t('consoleNone')}</option>}
                {features.consoles.map((c) => (
                  <option key={c} value={c}>
                    {c.toUpperCase()}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Unsupported field="console" view={view} />
          )}
        </fieldset>

        <fieldset className="space-y-2" data-testid="settings-placement">
          <legend className="text-sm font-medium">{t('placement')} {when('placement')}</legend>
          {can('placement') ? (
            <div className="space-y-2">
              <Field label={t('migration')} name="migration" error={errors?.migration}>
                <Select name="migration" id="migration" value={draft.migration} onChange={(e) => set({ migration: e.target.value })}>
                  {MIGRATION_MODES.map((m) => (
                    <option key={m} value={m}>
                      {t(`migrationModes.${m}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <div>
                <p className="text-sm text-slate-700 dark:text-slate-300">{t('pinnedHosts')}</p>
                <p className="text-xs text-slate-500">{t('pinnedHostsHint')}</p>
                {hosts.length === 0 && <p className="text-sm text-slate-500">{t('noHosts')}</p>}
                <ul className="mt-1 flex flex-wrap gap-3">
                  {hosts.map((h) => (
                    <li key={h.id}>
                      <label className="flex items-center gap-1.5 text-sm">
                        <input
                          type="checkbox"
                          name="hostIds"
                          value={h.id}
                          checked={draft.hostIds.includes(h.id)}
                          onChange={(e) => set({ hostIds: e.target.checked ? [...draft.hostIds, h.id] : draft.hostIds.filter((x) => x !== h.id) })}
                        />
                        {h.name ?? h.id}
                      </label>
                    </li>
                  ))}
                </ul>
                {errors?.hostIds && <p className="text-xs text-red-600 dark:text-red-400">{errors.hostIds}</p>}
              </div>
            </div>
          ) : (
            <Unsupported field="placement" view={view} />
          )}
        </fieldset>

        <fieldset className="space-y-2" data-testid="settings-autostart">
          <legend className="text-sm font-medium">{t('autostart')} {when('autostart')}</legend>
          {can('autostart') ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="autostart" checked={draft.autostart} onChange={(e) => set({ autostart: e.target.checked })} />
              {t('autostartLabel')}
            </label>
          ) : (
            <Unsupported field="autostart" view={view} />
          )}
        </fieldset>

        <div className="flex items-center gap-2">
          <Button type="submit" size="sm" disabled={pending}>
            {t('save')}
          </Button>
          <Button type="button" size="sm" variant="secondary" disabled={pending} onClick={() => setDraft(start)}>
            {t('reset')}
          </Button>
        </div>
        {errors?.form && <p className="text-sm text-red-600 dark:text-red-400">{errors.form}</p>}
      </form>
    </div>
  );
}

function Unsupported({ field, view }: { field: VmSettingField; view: Required<Pick<VmSettingsView, 'features'>> }) {
  const t = useTranslations('vmSettings');
  const reason = view.features.unsupported[field];
  return <p className="text-sm text-slate-500" data-testid={`unsupported-${field}`}>{reason ? t(`unsupported.${reason}`) : t('unsupported.generic')}</p>;
}

/** Now and at the next start, side by side where they differ. */
function SettingsFacts({ view }: { view: Required<Pick<VmSettingsView, 'features' | 'state'>> & VmSettingsView }) {
  const t = useTranslations('vmSettings');
  const { current, nextStart } = view.state;
  const text = (s: VmSettings, f: VmSettingField): string => {
    switch (f) {
      case 'bootOrder':
        return (s.bootOrder ?? []).map((d) => t(`boot.${d}`)).join(' → ') || '—';
      case 'highAvailability':
        return s.highAvailability ? (s.highAvailability.enabled ? t('haOn', { priority: s.highAvailability.priority }) : t('haOff')) : '—';
      case 'console':
        return s.console?.toUpperCase() ?? '—';
      case 'placement':
        return s.placement
          ? `${t(`migrationModes.${s.placement.migration}`)} · ${s.placement.hosts.length ? s.placement.hosts.map((h) => h.name ?? h.id).join(', ') : t('anyHost')}`
          : '—';
      case 'autostart':
        return s.autostart === undefined ? '—' : s.autostart ? t('yes') : t('no');
      case 'lease':
        return s.lease === undefined ? '—' : s.lease ? (s.lease.name ?? s.lease.id) : t('leaseNone');
    }
  };
  const fields = (['bootOrder', 'highAvailability', 'lease', 'console', 'placement', 'autostart'] as const).filter((f) => view.features.applies[f] !== undefined);
  return (
    <table className="w-full text-sm" data-testid="settings-facts">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1 pr-4 font-normal">{t('setting')}</th>
          <th className="py-1 pr-4 font-normal">{view.running ? t('now') : t('defined')}</th>
          {nextStart && <th className="py-1 font-normal">{t('nextStart')}</th>}
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const now = text(current, f);
          const next = nextStart ? text(nextStart, f) : undefined;
          return (
            <tr key={f} data-testid={`fact-${f}`}>
              <td className="py-1 pr-4">{t(`fields.${f}`)}</td>
              <td className="py-1 pr-4" data-testid={`now-${f}`}>{now}</td>
              {nextStart && (
                <td className="py-1" data-testid={`next-${f}`}>
                  {next !== now ? <span className="font-medium text-amber-700 dark:text-amber-300">{next}</span> : <span className="text-slate-400">{t('unchanged')}</span>}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
