'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { RefPicker } from '@/components/ui/ref-picker';
import { detailHref } from '@/components/ui/paths';
import { useDeviceAction } from '@/components/vm/device-forms';
import { vmAffinityGroupAction, vmAffinityLabelAction } from '@/lib/actions/affinity';
import type { ActionState } from '@/lib/actions/types';
import type { AffinityRule, Ref, Vm } from '@/lib/domain';
import { usePoll } from '@/lib/query/poll';
import type { VmAffinityView } from '@/lib/services/vm-affinity';
import { vmAffinityGroupSchema, vmAffinityLabelSchema } from '@/lib/validations/affinity';

/**
 * A VM's affinity groups and labels on its page (issue 19 point 4): each group it is in with its
 * VM rule and host rule (positive or negative, enforcing or preferred), the other VMs and the hosts;
 * its labels with the hosts that carry them; joining another group of its cluster or leaving one,
 * taking or dropping a label. The engine's refusals (an enforcing rule that would collide) show in
 * its words. Groups are made and their rules edited on the cluster's page.
 */
export function VmAffinityPanel({ vm }: { vm: Vm }) {
  const t = useTranslations('vmAffinity');
  const view = usePoll<VmAffinityView>({ key: ['vm-affinity', vm.id], url: `/api/vm-affinity?${new URLSearchParams({ vm: vm.id })}`, everyMs: 15_000 });
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  if (view.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: view.error.message })}</p>;
  if (!view.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (!view.data.supported) {
    return <p className="text-sm text-slate-500" data-testid="vm-affinity-unsupported">{t(view.data.reason === 'noCluster' ? 'noCluster' : 'unsupported')}</p>;
  }
  const { groups, joinableGroups, labels, addableLabels } = view.data;
  const vmIds = { vmId: vm.id, vmName: vm.name };
  const group = (ref: Ref, op: 'add' | 'remove') => setLocal(submit(vmAffinityGroupAction, vmAffinityGroupSchema, { ...vmIds, groupId: ref.id, groupName: ref.name ?? ref.id, op }));
  const label = (ref: Ref, op: 'add' | 'remove') => setLocal(submit(vmAffinityLabelAction, vmAffinityLabelSchema, { ...vmIds, labelId: ref.id, labelName: ref.name ?? ref.id, op }));
  const names = (refs: Ref[]) => (refs.length ? refs.map((r) => r.name ?? r.id).join(', ') : t('none'));
  return (
    <div className="space-y-6" data-testid="vm-affinity">
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">{t('groups')}</h3>
        {groups.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noGroups')}</p>
        ) : (
          <ul className="space-y-2">
            {groups.map((g) => (
              <li key={g.id} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid={`vm-affinity-group-${g.name}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-medium">{g.name}</span>
                  <Button type="button" size="sm" variant="secondary" disabled={pending} onClick={() => group({ id: g.id, name: g.name }, 'remove')}>
                    {t('leave', { name: g.name })}
                  </Button>
                </div>
                <dl className="mt-1 grid gap-1 sm:grid-cols-[auto_1fr] sm:gap-x-4">
                  <dt className="text-slate-500">{t('vmsRule')}</dt>
                  <dd data-testid="vm-group-vms-rule">{ruleText(t, g.vmsRule)}</dd>
                  <dt className="text-slate-500">{t('hostsRule')}</dt>
                  <dd data-testid="vm-group-hosts-rule">{ruleText(t, g.hostsRule)}</dd>
                  <dt className="text-slate-500">{t('otherVms')}</dt>
                  <dd data-testid="vm-group-other-vms">{names(g.otherVms)}</dd>
                  <dt className="text-slate-500">{t('hosts')}</dt>
                  <dd data-testid="vm-group-hosts">{names(g.hosts)}</dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
        <RefPicker testId="vm-affinity-join" label={t('pickGroup')} button={t('join')} choices={joinableGroups} empty={t('noJoinable')} pending={pending} onPick={(r) => group(r, 'add')} />
        {vm.cluster && (
          <p className="text-xs text-slate-500">
            {t.rich('clusterHint', {
              cluster: (chunks) => (
                <Link className="text-brand-700 hover:underline dark:text-brand-100" href={`${detailHref.cluster(vm.cluster!.id)}`}>
                  {chunks}
                </Link>
              ),
            })}
          </p>
        )}
      </section>
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">{t('labels')}</h3>
        <p className="text-xs text-slate-500">{t('labelsHint')}</p>
        {labels.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noLabels')}</p>
        ) : (
          <ul className="space-y-1">
            {labels.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid={`vm-affinity-label-${l.name}`}>
                <span className="rounded bg-slate-100 px-2 py-0.5 font-medium dark:bg-slate-800">{l.name}</span>
                <span className="text-slate-500" data-testid="vm-label-hosts">{t('labelHosts', { hosts: names(l.hosts) })}</span>
                <Button type="button" size="sm" variant="secondary" disabled={pending} onClick={() => label({ id: l.id, name: l.name }, 'remove')}>
                  {t('drop', { name: l.name })}
                </Button>
              </li>
            ))}
          </ul>
        )}
        <RefPicker testId="vm-affinity-label-add" label={t('pickLabel')} button={t('take')} choices={addableLabels} empty={t('noAddable')} pending={pending} onPick={(r) => label(r, 'add')} />
      </section>
      <FormStatus state={local ?? state} />
    </div>
  );
}

function ruleText(t: ReturnType<typeof useTranslations<'vmAffinity'>>, rule: AffinityRule): string {
  if (!rule.enabled) return t('rule.off');
  return `${rule.positive ? t('rule.positive') : t('rule.negative')} · ${rule.enforcing ? t('rule.enforcing') : t('rule.soft')}`;
}

