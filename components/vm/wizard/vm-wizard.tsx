'use client';

import { useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { capacityProblem, unsupportedProblem, type WizardChoices } from '@/lib/services/vm-create';
import { vmCreateSchema } from '@/lib/validations/vm';
import { vmCreateAction } from '@/lib/actions/vms';
import { useChoices } from '../live-state';
import { useActionRunner } from '../use-action-runner';
import { CreationProgress } from './creation-progress';
import { DiskRows, NicRows } from './device-rows';
import { Section } from './section';
import { SourcePicker } from './source-picker';
import { formFieldsOf, inDataCenterOf, initialValues, newDisk, newNic, type WizardValues } from './values';

export interface WizardConnection {
  id: string;
  name: string;
}

/**
 * The create wizard: a connection, then everything its backend's createVm
 * honours (vmCreateFeatures). The same schema and capacity checks run here
 * before submit and in the server action after; what was typed stays after a
 * refusal; once accepted, the new VM is followed until it exists.
 */
export function VmWizard({ connections, preset }: { connections: WizardConnection[]; preset?: { connectionId: string; templateId: string } }) {
  const t = useTranslations('vmWizard');
  const [connectionId, setConnectionId] = useState(preset?.connectionId ?? connections[0]?.id ?? '');
  const choices = useChoices(connectionId, !!connectionId);
  return (
    <div className="space-y-6">
      <Field label={t('connection')} name="connectionId">
        <Select name="connectionId" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      {choices.isError ? (
        <div role="alert" className="space-y-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300">
          <p>{t('choicesFailed')}</p>
          <p className="font-mono text-xs">{choices.error.message}</p>
          <Button type="button" variant="secondary" size="sm" onClick={() => void choices.refetch()}>
            {t('retry')}
          </Button>
        </div>
      ) : !choices.data || choices.data.connectionId !== connectionId ? (
        <p className="text-sm text-slate-500" role="status">
          {t('loadingChoices')}
        </p>
      ) : (
        <WizardForm key={connectionId} choices={choices.data} templateId={preset?.connectionId === connectionId ? preset.templateId : undefined} />
      )}
    </div>
  );
}

function WizardForm({ choices, templateId }: { choices: WizardChoices; templateId?: string }) {
  const t = useTranslations('vmWizard');
  const tr = useTranslations();
  const [values, setValues] = useState<WizardValues>(() => initialValues(choices, templateId));
  const [local, setLocal] = useState<ActionState>();
  const [submitted, setSubmitted] = useState<{ connectionId: string; name: string }>();
  const { state, pending, run, clear } = useActionRunner();
  const set = <K extends keyof WizardValues>(key: K, value: WizardValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const features = choices.features;

  const parsed = useMemo(() => vmCreateSchema.safeParse(formFieldsOf(values)), [values]);
  // Shown as soon as the numbers are typed, not only after a refused submit; the fit does not
  // depend on the name, so it is checked while the name is still empty too.
  const checkable = useMemo(
    () => (parsed.success || values.name.trim() ? parsed : vmCreateSchema.safeParse({ ...formFieldsOf(values), name: 'capacity-check' })),
    [parsed, values],
  );
  const problem = checkable.success ? (unsupportedProblem(checkable.data, features) ?? capacityProblem(checkable.data, choices)) : null;
  const problemText = problem ? tr(problem.key, problem.values) : undefined;

  const hostsInCluster = choices.hosts.filter((h) => h.cluster?.id === values.clusterId);
  const isoFiles = inDataCenterOf(choices.isoFiles, choices, values.clusterId);
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};
  const vcpus = (Number(values.sockets) || 0) * (Number(values.cores) || 0) * (Number(values.threads) || 0);

  if (submitted && state?.ok) {
    return (
      <CreationProgress
        connectionId={submitted.connectionId}
        name={submitted.name}
        accepted={state}
        onAnother={() => {
          clear();
          setSubmitted(undefined);
          setValues((v) => ({ ...v, name: '' }));
        }}
      />
    );
  }

  const changeCluster = (clusterId: string) =>
    setValues((v) => ({
      ...v,
      clusterId,
      hostId: '',
      // Domains and networks belong to the cluster's data center: rows pointing elsewhere are re-pointed.
      disks: v.disks.map((d) => (inDataCenterOf(choices.storageDomains, choices, clusterId).some((s) => s.id === d.storageDomainId) ? d : { ...newDisk(choices, clusterId, d.sizeGiB), key: d.key })),
      nics: v.nics.map((n) => (inDataCenterOf(choices.vnicProfiles, choices, clusterId).some((p) => p.id === n.vnicProfileId) ? n : { ...n, vnicProfileId: newNic(choices, clusterId, []).vnicProfileId })),
    }));

  const chooseTemplate = (id: string) => {
    const template = choices.templates.find((x) => x.id === id);
    setValues((v) => ({
      ...v,
      templateId: id,
      // The template's own size and place are the starting point; everything stays editable.
      ...(template?.cpu ? { sockets: String(template.cpu.sockets), cores: String(template.cpu.cores), threads: String(template.cpu.threads) } : {}),
      ...(template?.memoryBytes ? { memoryMiB: String(Math.round(template.memoryBytes / 1024 ** 2)) } : {}),
    }));
    if (template?.cluster && choices.clusters.some((c) => c.id === template.cluster!.id)) changeCluster(template.cluster.id);
  };

  return (
    <form
      data-testid="vm-wizard"
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed.success) {
          const fieldErrors: Record<string, string> = {};
          for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= tr.has(issue.message) ? tr(issue.message) : tr('validation.invalid');
          setLocal({ ok: false, message: tr('errors.invalidInput'), fieldErrors });
          return;
        }
        if (problemText) {
          setLocal({ ok: false, message: t('notSent') });
          return;
        }
        setLocal(undefined);
        const fields = formFieldsOf(values);
        run(vmCreateAction, fields, (result) => {
          if (result.ok) setSubmitted({ connectionId: fields.connectionId!, name: parsed.data.name });
        });
      }}
    >
      <Section title={t('sections.basics')}>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
            <Input name="name" value={values.name} onChange={(e) => set('name', e.target.value)} maxLength={64} aria-invalid={!!errors.name} autoComplete="off" />
          </Field>
          <Field label={t('descriptionLabel')} name="description" error={errors.description}>
            <Input name="description" value={values.description} onChange={(e) => set('description', e.target.value)} maxLength={255} />
          </Field>
        </div>
      </Section>

      <SourcePicker
        choices={choices}
        values={values}
        isoFiles={isoFiles}
        errors={errors}
        onSource={(source) =>
          setValues((v) => ({
            ...v,
            source,
            // A base image brings the boot disk: the blank VM's first empty disk would only be in the way.
            disks: source === 'image' && v.source === 'blank' ? [] : source === 'blank' && v.disks.length === 0 ? [newDisk(choices, v.clusterId)] : v.disks,
          }))
        }
        onTemplate={chooseTemplate}
        set={set}
      />

      <Section title={t('sections.placement')}>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('cluster')} name="clusterId" error={errors.clusterId}>
            <Select name="clusterId" value={values.clusterId} onChange={(e) => changeCluster(e.target.value)}>
              {choices.clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('host')} name="hostId" error={errors.hostId}>
            <Select name="hostId" value={values.hostId} onChange={(e) => set('hostId', e.target.value)}>
              <option value="">{t('anyHost')}</option>
              {hostsInCluster.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Section>

      <Section title={t('sections.hardware')}>
        <div className="grid gap-3 sm:grid-cols-4">
          <Field label={t('sockets')} name="sockets" error={errors.sockets}>
            <Input name="sockets" type="number" min={1} max={64} value={values.sockets} onChange={(e) => set('sockets', e.target.value)} />
          </Field>
          <Field label={t('cores')} name="cores" error={errors.cores}>
            <Input name="cores" type="number" min={1} max={64} value={values.cores} onChange={(e) => set('cores', e.target.value)} />
          </Field>
          <Field label={t('threads')} name="threads" error={errors.threads}>
            <Input name="threads" type="number" min={1} max={8} value={values.threads} onChange={(e) => set('threads', e.target.value)} />
          </Field>
          <Field label={t('memory')} name="memoryMiB" error={errors.memoryMiB}>
            <Input name="memoryMiB" type="number" min={256} step={256} value={values.memoryMiB} onChange={(e) => set('memoryMiB', e.target.value)} />
          </Field>
        </div>
        <p className="text-xs text-slate-500">{t('vcpus', { count: vcpus })}</p>
      </Section>

      {values.source !== 'template' && (
        <>
          {values.source !== 'volume' && <DiskRows choices={choices} values={values} error={errors.disks} onChange={(disks) => set('disks', disks)} />}
          <NicRows choices={choices} values={values} error={errors.nics} onChange={(nics) => set('nics', nics)} />
        </>
      )}

      {(features.highAvailability || features.consoles.length > 0) && (
        <Section title={t('sections.behaviour')}>
          <div className="grid gap-3 sm:grid-cols-2">
            {features.highAvailability && (
              <div className="space-y-2">
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="haEnabled" checked={values.haEnabled} onChange={(e) => set('haEnabled', e.target.checked)} />
                  {t('haEnabled')}
                </label>
                {values.haEnabled && (
                  <Field label={t('haPriority')} name="haPriority" error={errors.haPriority}>
                    <Input name="haPriority" type="number" min={1} max={100} value={values.haPriority} onChange={(e) => set('haPriority', e.target.value)} />
                  </Field>
                )}
              </div>
            )}
            {features.consoles.length > 0 && (
              <Field label={t('console')} name="console" error={errors.console}>
                <Select name="console" value={values.console} onChange={(e) => set('console', e.target.value)}>
                  <option value="">{t('consoleDefault')}</option>
                  {features.consoles.map((c) => (
                    <option key={c} value={c}>
                      {t(`consoles.${c}`)}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
        </Section>
      )}

      {features.cloudInit && (
        <Section title={t('sections.cloudInit')}>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="cloudInit" checked={values.cloudInit} onChange={(e) => set('cloudInit', e.target.checked)} />
            {t('cloudInit')}
          </label>
          {values.cloudInit && (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label={t('ciHostname')} name="ciHostname" error={errors.ciHostname}>
                <Input name="ciHostname" value={values.ciHostname} onChange={(e) => set('ciHostname', e.target.value)} autoComplete="off" />
              </Field>
              <Field label={t('ciTimezone')} name="ciTimezone" error={errors.ciTimezone} hint={t('ciTimezoneHint')}>
                <Input name="ciTimezone" value={values.ciTimezone} onChange={(e) => set('ciTimezone', e.target.value)} autoComplete="off" />
              </Field>
              <Field label={t('ciUser')} name="ciUser" error={errors.ciUser}>
                <Input name="ciUser" value={values.ciUser} onChange={(e) => set('ciUser', e.target.value)} autoComplete="off" />
              </Field>
              <Field label={t('ciPassword')} name="ciPassword" error={errors.ciPassword} hint={t('ciPasswordHint')}>
                <Input name="ciPassword" type="password" value={values.ciPassword} onChange={(e) => set('ciPassword', e.target.value)} autoComplete="new-password" />
              </Field>
              <div className="sm:col-span-2">
                <Field label={t('ciSshKey')} name="ciSshKey" error={errors.ciSshKey}>
                  <textarea
                    id="ciSshKey"
                    name="ciSshKey"
                    rows={3}
                    value={values.ciSshKey}
                    onChange={(e) => set('ciSshKey', e.target.value)}
                    className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
                  />
                </Field>
              </div>
            </div>
          )}
        </Section>
      )}

      {problemText && (
        <p role="alert" data-testid="capacity-problem" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
          {problemText}
        </p>
      )}
      <FormStatus state={shown} className="[overflow-wrap:anywhere]" />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </Button>
      </div>
    </form>
  );
}
