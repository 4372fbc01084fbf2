'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { RefPicker } from '@/components/ui/ref-picker';
import { useDeviceAction } from '@/components/vm/device-forms';
import {
  affinityGroupCreateAction, affinityGroupMemberAction, affinityGroupRemoveAction, affinityGroupUpdateAction,
  affinityLabelCreateAction, affinityLabelMemberAction, affinityLabelRemoveAction,
} from '@/lib/actions/affinity';
import type { ActionState } from '@/lib/actions/types';
import type { AffinityGroup, AffinityLabel, AffinityMemberKind, AffinityRule, Ref } from '@/lib/domain';
import { usePoll } from '@/lib/query/poll';
import type { AffinityView } from '@/lib/services/affinity';
import {
  affinityGroupCreateSchema, affinityGroupMemberSchema, affinityGroupRemoveSchema, affinityGroupUpdateSchema,
  affinityLabelCreateSchema, affinityLabelMemberSchema, affinityLabelRemoveSchema, modeOf, RULE_MODES,
} from '@/lib/validations/affinity';

/**
 * A cluster's affinity groups and the engine's affinity labels (issue 19 point 4): each group's VM
 * rule and host rule (positive or negative, enforcing or not) and its members; create, edit the
 * rules, add and remove VMs and hosts, remove. The engine's refusals (a colliding rule, a member of
 * another cluster) come back in its words with the input kept.
 */
export function AffinityPanel({ clusterId, vms, hosts }: { clusterId: string; vms: Ref[]; hosts: Ref[] }) {
  const t = useTranslations('affinity');
  const view = usePoll<AffinityView>({ key: ['affinity', clusterId], url: `/api/affinity?${new URLSearchParams({ cluster: clusterId })}`, everyMs: 15_000 });
  if (view.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: view.error.message })}</p>;
  if (!view.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (!view.data.supported) return <p className="text-sm text-slate-500" data-testid="affinity-unsupported">{t('unsupported')}</p>;
  return (
    <div className="space-y-6" data-testid="affinity">
      <section className="space-y-3">
        <h3 className="text-sm font-semibold">{t('groups')}</h3>
        {view.data.groups.length === 0 && <p className="text-sm text-slate-500">{t('noGroups')}</p>}
        {view.data.groups.map((g) => (
          <GroupCard key={g.id} clusterId={clusterId} group={g} vms={vms} hosts={hosts} />
        ))}
        <GroupCreate clusterId={clusterId} />
      </section>
      <section className="space-y-3">
        <h3 className="text-sm font-semibold">{t('labels')}</h3>
        <p className="text-xs text-slate-500">{t('labelsHint')}</p>
        {view.data.labels.length === 0 && <p className="text-sm text-slate-500">{t('noLabels')}</p>}
        {view.data.labels.map((l) => (
          <LabelCard key={l.id} label={l} vms={vms} hosts={hosts} />
        ))}
        <LabelCreate clusterId={clusterId} />
      </section>
    </div>
  );
}

function ruleText(t: ReturnType<typeof useTranslations>, rule: AffinityRule): string {
  if (!rule.enabled) return t('rule.off');
  return `${rule.positive ? t('rule.positive') : t('rule.negative')} · ${rule.enforcing ? t('rule.enforcing') : t('rule.soft')}`;
}

function RuleFields({ idBase, prefix, values, set }: { idBase: string; prefix: 'vms' | 'hosts'; values: Record<string, string>; set: (k: string, v: string) => void }) {
  const t = useTranslations('affinity');
  const mode = values[`${prefix}Rule`] ?? 'off';
  // One id per form: the new-group form and every group's edit form are on the page together.
  const id = `affinity-${idBase}-${prefix}Rule`;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <Field label={t(prefix === 'vms' ? 'vmsRule' : 'hostsRule')} name={id}>
        <Select id={id} name={`${prefix}Rule`} value={mode} onChange={(e) => set(`${prefix}Rule`, e.target.value)}>
          {RULE_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`modes.${prefix}.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <label className="flex items-center gap-1.5 pb-2 text-sm">
        <input
          type="checkbox"
          disabled={mode === 'off'}
          checked={mode !== 'off' && values[`${prefix}Enforcing`] === 'true'}
          onChange={(e) => set(`${prefix}Enforcing`, String(e.target.checked))}
        />
        {t(prefix === 'vms' ? 'vmsEnforcing' : 'hostsEnforcing')}
      </label>
    </div>
  );
}

function GroupCreate({ clusterId }: { clusterId: string }) {
  const t = useTranslations('affinity');
  const { state, pending, submit } = useDeviceAction();
  const empty = { clusterId, name: '', description: '', vmsRule: 'positive', vmsEnforcing: 'false', hostsRule: 'off', hostsEnforcing: 'false' };
  const [values, setValues] = useState<Record<string, string>>(empty);
  const [local, setLocal] = useState<ActionState>();
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  const shown = local ?? state;
  return (
    <form
      noValidate
      data-testid="affinity-group-create"
      className="space-y-2 rounded-md border border-dashed border-slate-300 p-3 dark:border-slate-700"
      onSubmit={(e) => {
        e.preventDefault();
        setLocal(submit(affinityGroupCreateAction, affinityGroupCreateSchema, values, () => setValues(empty)));
      }}
    >
      <h4 className="text-sm font-medium">{t('newGroup')}</h4>
      <div className="flex flex-wrap items-end gap-2">
        <Field label={t('name')} name="affinity-group-name" error={shown?.fieldErrors?.name}>
          <Input id="affinity-group-name" name="name" value={values.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field label={t('description')} name="affinity-group-description">
          <Input id="affinity-group-description" name="description" value={values.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
      </div>
      <RuleFields idBase="new" prefix="vms" values={values} set={set} />
      <RuleFields idBase="new" prefix="hosts" values={values} set={set} />
      <Button type="submit" size="sm" disabled={pending}>
        {t('createGroup')}
      </Button>
      <FormStatus state={shown} />
    </form>
  );
}

function GroupCard({ clusterId, group, vms, hosts }: { clusterId: string; group: AffinityGroup; vms: Ref[]; hosts: Ref[] }) {
  const t = useTranslations('affinity');
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const [editing, setEditing] = useState(false);
  const start = {
    clusterId, groupId: group.id, groupName: group.name,
    vmsRule: modeOf(group.vmsRule), vmsEnforcing: String(group.vmsRule.enforcing), hostsRule: modeOf(group.hostsRule), hostsEnforcing: String(group.hostsRule.enforcing),
  };
  const [values, setValues] = useState<Record<string, string>>(start);
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  const shown = local ?? state;
  const ids = { clusterId, groupId: group.id, groupName: group.name };
  const member = (kind: AffinityMemberKind, ref: Ref, op: 'add' | 'remove') =>
    setLocal(submit(affinityGroupMemberAction, affinityGroupMemberSchema, { ...ids, kind, memberId: ref.id, memberName: ref.name ?? ref.id, op }));
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid={`affinity-group-${group.name}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <span className="font-medium">{group.name}</span>
          {group.description && <span className="ml-2 text-sm text-slate-500">{group.description}</span>}
        </div>
        <div className="flex gap-2">
          <Button type="button" size="sm" variant="secondary" onClick={() => setEditing((e) => !e)}>
            {t('editRules')}
          </Button>
          <Button type="button" size="sm" variant="danger" disabled={pending} onClick={() => setLocal(submit(affinityGroupRemoveAction, affinityGroupRemoveSchema, ids))}>
            {t('removeGroup')}
          </Button>
        </div>
      </div>
      <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        <dt className="text-slate-500">{t('vmsRule')}</dt>
        <dd data-testid="group-vms-rule">{ruleText(t, group.vmsRule)}</dd>
        <dt className="text-slate-500">{t('hostsRule')}</dt>
        <dd data-testid="group-hosts-rule">{ruleText(t, group.hostsRule)}</dd>
      </dl>
      {editing && (
        <form
          noValidate
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            setLocal(submit(affinityGroupUpdateAction, affinityGroupUpdateSchema, values, () => setEditing(false)));
          }}
        >
          <RuleFields idBase={group.nativeId} prefix="vms" values={values} set={set} />
          <RuleFields idBase={group.nativeId} prefix="hosts" values={values} set={set} />
          <Button type="submit" size="sm" disabled={pending}>
            {t('saveRules')}
          </Button>
        </form>
      )}
      <Members title={t('vms')} testId="group-vms" kind="vm" members={group.vms} choices={vms} pending={pending} onChange={member} />
      <Members title={t('hosts')} testId="group-hosts" kind="host" members={group.hosts} choices={hosts} pending={pending} onChange={member} />
      <FormStatus state={shown} />
    </div>
  );
}

function Members({
  title, testId, kind, members, choices, pending, onChange,
}: {
  title: string;
  testId: string;
  kind: AffinityMemberKind;
  members: Ref[];
  choices: Ref[];
  pending: boolean;
  onChange: (kind: AffinityMemberKind, ref: Ref, op: 'add' | 'remove') => void;
}) {
  const t = useTranslations('affinity');
  const nameOf = (r: Ref) => r.name ?? choices.find((c) => c.id === r.id)?.name ?? r.id;
  const open = choices.filter((c) => !members.some((m) => m.id === c.id));
  return (
    <div className="space-y-1" data-testid={testId}>
      <p className="text-sm text-slate-500">{title}</p>
      <ul className="flex flex-wrap gap-2">
        {members.length === 0 && <li className="text-sm text-slate-400">{t('none')}</li>}
        {members.map((m) => (
          <li key={m.id} className="flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-sm dark:bg-slate-800">
            {nameOf(m)}
            <button type="button" className="text-xs text-red-700 hover:underline dark:text-red-300" disabled={pending} onClick={() => onChange(kind, { id: m.id, name: nameOf(m) }, 'remove')}>
              {t('removeMember', { name: nameOf(m) })}
            </button>
          </li>
        ))}
      </ul>
      <RefPicker
        label={kind === 'vm' ? t('pickVm') : t('pickHost')}
        button={kind === 'vm' ? t('addVm') : t('addHost')}
        choices={open}
        pending={pending}
        onPick={(ref) => onChange(kind, ref, 'add')}
      />
    </div>
  );
}

function LabelCreate({ clusterId }: { clusterId: string }) {
  const t = useTranslations('affinity');
  const { state, pending, submit } = useDeviceAction();
  const [name, setName] = useState('');
  const [local, setLocal] = useState<ActionState>();
  const shown = local ?? state;
  return (
    <form
      noValidate
      data-testid="affinity-label-create"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        setLocal(submit(affinityLabelCreateAction, affinityLabelCreateSchema, { clusterId, name }, () => setName('')));
      }}
    >
      <Field label={t('labelName')} name="affinity-label-name" error={shown?.fieldErrors?.name}>
        <Input id="affinity-label-name" name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Button type="submit" size="sm" disabled={pending}>
        {t('createLabel')}
      </Button>
      <FormStatus state={shown} className="basis-full" />
    </form>
  );
}

function LabelCard({ label, vms, hosts }: { label: AffinityLabel; vms: Ref[]; hosts: Ref[] }) {
  const t = useTranslations('affinity');
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const ids = { labelId: label.id, labelName: label.name };
  const member = (kind: AffinityMemberKind, ref: Ref, op: 'add' | 'remove') =>
    setLocal(submit(affinityLabelMemberAction, affinityLabelMemberSchema, { ...ids, kind, memberId: ref.id, memberName: ref.name ?? ref.id, op }));
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid={`affinity-label-${label.name}`}>
      <div className="flex items-baseline justify-between gap-2">
        <span className="font-medium">{label.name}</span>
        <Button type="button" size="sm" variant="danger" disabled={pending} onClick={() => setLocal(submit(affinityLabelRemoveAction, affinityLabelRemoveSchema, ids))}>
          {t('removeLabel')}
        </Button>
      </div>
      <Members title={t('vms')} testId="label-vms" kind="vm" members={label.vms} choices={vms} pending={pending} onChange={member} />
      <Members title={t('hosts')} testId="label-hosts" kind="host" members={label.hosts} choices={hosts} pending={pending} onChange={member} />
      <FormStatus state={local ?? state} />
    </div>
  );
}
