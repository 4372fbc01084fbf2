'use client';

import { useRef, useState, useTransition, type FormEvent, type ReactNode, type TextareaHTMLAttributes } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TriangleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { cn } from '@/components/ui/cn';
import type { ActionState } from '@/lib/actions/types';
import { CONNECTION_KINDS, connectionSchema, type ConnectionKind } from '@/lib/validations/connection';
import { createConnectionAction, testConnectionFormAction, updateConnectionAction } from '@/lib/actions/connections';

/** What the edit form starts from: the connection's settings, never its password. */
export interface ConnectionFormInitial {
  id: string;
  kind: ConnectionKind;
  name: string;
  url: string;
  username: string;
  caCert: string;
  hasPassword: boolean;
  insecureSkipVerify: boolean;
  useFilter: boolean;
  /** oVirt: the serial console proxy's port as typed ('' = the default 2222). */
  serialConsolePort: string;
  enabled: boolean;
}

type Intent = 'save' | 'test';

/**
 * Add and edit, one form. The same zod schema as the server action checks the values first,
 * so mistakes show on their fields without a round trip; the action checks again.
 *
 * Submitted by hand (not `<form action>`): React resets a form after its action, which
 * would empty every field (and the password) after "Test connection".
 */
export function ConnectionForm({ initial, supported }: { initial?: ConnectionFormInitial; supported: Record<ConnectionKind, boolean> }) {
  const t = useTranslations('backends');
  const tl = useTranslations('libvirt');
  const tAll = useTranslations();
  const editing = initial !== undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<ConnectionKind>(initial?.kind ?? 'ovirt');
  const [insecure, setInsecure] = useState(initial?.insecureSkipVerify ?? false);
  const [state, setState] = useState<ActionState>();
  const [intent, setIntent] = useState<Intent>();
  const [pending, startTransition] = useTransition();
  const kindName = (k: ConnectionKind) => t(`kinds.${k}`);
  const errors = state?.fieldErrors ?? {};

  function validate(form: FormData): Record<string, string> | undefined {
    const parsed = connectionSchema.safeParse(Object.fromEntries(form.entries()));
    if (parsed.success) return undefined;
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      fieldErrors[field] ??= tAll.has(issue.message) ? tAll(issue.message) : tAll('validation.invalid');
    }
    return fieldErrors;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const chosen: Intent = submitter?.value === 'test' ? 'test' : 'save';
    const form = new FormData(event.currentTarget);
    const fieldErrors = validate(form);
    if (fieldErrors) {
      setState({ ok: false, message: tAll('errors.invalidInput'), fieldErrors });
      return;
    }
    setIntent(chosen);
    setState(undefined);
    startTransition(async () => {
      const action = chosen === 'test' ? testConnectionFormAction : editing ? updateConnectionAction : createConnectionAction;
      const result = await action(undefined, form);
      startTransition(() => {
        setState(result);
        if (result.ok && chosen === 'save' && !editing) {
          formRef.current?.reset();
          setKind('ovirt');
          setInsecure(false);
        }
      });
    });
  }

  const unsupported = !supported[kind];
  const busy = (which: Intent) => pending && intent === which;

  return (
    <Card className="h-fit p-5">
      <h2 id="connection-form-title" className="mb-4 font-semibold">
        {editing ? t('editTitle', { name: initial.name }) : t('addTitle')}
      </h2>
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" aria-labelledby="connection-form-title">
        {editing && <input type="hidden" name="id" value={initial.id} />}
        <Field label={t('kind')} name="kind" error={errors.kind}>
          <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind)}>
            {CONNECTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {supported[k] ? kindName(k) : t('kindNotSupported', { kind: kindName(k) })}
              </option>
            ))}
          </Select>
        </Field>
        {unsupported && (
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
            {t('kindUnsupported', { kind: kindName(kind) })}
          </p>
        )}
        <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
          <Input name="name" defaultValue={initial?.name} autoComplete="off" {...invalid('name', errors)} />
        </Field>
        <Field label={t('url')} name="url" error={errors.url} hint={t(`urlHints.${kind}`)}>
          <Input name="url" defaultValue={initial?.url} autoComplete="off" spellCheck={false} inputMode="url" {...invalid('url', errors)} />
        </Field>
        {kind === 'libvirt' ? (
          <LibvirtFields errors={errors} keepStored={editing && initial.hasPassword} />
        ) : (
          <>
            <Field label={t('username')} name="username" error={errors.username} hint={kind === 'ovirt' ? t('usernameHintOvirt') : undefined}>
              <Input name="username" defaultValue={initial?.username} autoComplete="off" spellCheck={false} {...invalid('username', errors)} />
            </Field>
            <Field label={t('password')} name="password" error={errors.password} hint={editing && initial.hasPassword ? t('passwordKeep') : undefined}>
              <Input name="password" type="password" autoComplete="new-password" {...invalid('password', errors)} />
            </Field>
          </>
        )}
        <Field label={t('caCert')} name="caCert" error={errors.caCert} hint={kind === 'libvirt' ? tl('caCertHint') : t('caCertHint')}>
          <Textarea name="caCert" defaultValue={initial?.caCert} rows={4} spellCheck={false} {...invalid('caCert', errors)} />
        </Field>
        <div className="space-y-1">
          <Checkbox name="insecureSkipVerify" checked={insecure} onChange={setInsecure}>
            {t('insecureSkipVerify')}
          </Checkbox>
          <p
            id="insecureSkipVerify-warning"
            className={cn(
              'ml-6 flex gap-1.5 text-xs',
              insecure ? 'rounded-md bg-amber-50 p-2 text-amber-900 dark:bg-amber-900/30 dark:text-amber-200' : 'text-slate-500',
            )}
          >
            <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            <span>{t('insecureWarning')}</span>
          </p>
        </div>
        {kind === 'ovirt' && (
          <div className="space-y-1">
            <Checkbox name="useFilter" defaultChecked={initial?.useFilter ?? false}>
              {t('useFilter')}
            </Checkbox>
            <p className="ml-6 text-xs text-slate-500">{t('useFilterHint')}</p>
          </div>
        )}
        {kind === 'ovirt' && (
          <Field label={t('serialConsolePort')} name="serialConsolePort" error={errors.serialConsolePort} hint={t('serialConsolePortHint')}>
            <Input name="serialConsolePort" defaultValue={initial?.serialConsolePort} inputMode="numeric" placeholder="2222" autoComplete="off" {...invalid('serialConsolePort', errors)} />
          </Field>
        )}
        <Checkbox name="enabled" defaultChecked={initial?.enabled ?? true}>
          {t('enabledLabel')}
        </Checkbox>
        <FormStatus state={state} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" value="save" disabled={pending || unsupported}>
            {busy('save') ? t('saving') : editing ? t('save') : t('add')}
          </Button>
          <Button type="submit" value="test" variant="secondary" disabled={pending || unsupported}>
            {busy('test') ? t('testing') : t('test')}
          </Button>
          {editing && (
            <Link
              href="/admin/backends"
              className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              {t('cancelEdit')}
            </Link>
          )}
        </div>
      </form>
    </Card>
  );
}

/**
 * libvirt: no user name or password (the URI names the ssh user); a TLS client certificate and
 * key, or an ssh key, sealed with the other secrets. Says what the host needs, since the
 * dashboard itself needs no libvirt to speak it (qemu+ssh runs the local OpenSSH client).
 */
function LibvirtFields({ errors, keepStored }: { errors: Record<string, string>; keepStored: boolean }) {
  const tl = useTranslations('libvirt');
  const keep = keepStored ? tl('keepStored') : undefined;
  return (
    <>
      <div role="note" className="space-y-1 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
        <p>{tl('formNote')}</p>
        <p>{tl('hostNeeds')}</p>
      </div>
      <Field label={tl('clientCert')} name="clientCert" error={errors.clientCert} hint={tl('clientCertHint')}>
        <Textarea name="clientCert" rows={3} spellCheck={false} {...invalid('clientCert', errors)} />
      </Field>
      <Field label={tl('clientKey')} name="clientKey" error={errors.clientKey} hint={keep ?? tl('clientKeyHint')}>
        <Textarea name="clientKey" rows={3} spellCheck={false} autoComplete="off" {...invalid('clientKey', errors)} />
      </Field>
      <Field label={tl('sshKey')} name="sshKey" error={errors.sshKey} hint={keep ?? tl('sshKeyHint')}>
        <Textarea name="sshKey" rows={3} spellCheck={false} autoComplete="off" {...invalid('sshKey', errors)} />
      </Field>
      <Field label={tl('cephKey')} name="cephKey" error={errors.cephKey} hint={keep ?? tl('cephKeyHint')}>
        <Input name="cephKey" type="password" spellCheck={false} autoComplete="off" {...invalid('cephKey', errors)} />
      </Field>
    </>
  );
}

function invalid(name: string, errors: Record<string, string>) {
  return errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {};
}

function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      id={props.id ?? props.name}
      className={cn(
        'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900',
        className,
      )}
      {...props}
    />
  );
}

function Checkbox({
  name,
  checked,
  defaultChecked,
  onChange,
  children,
}: {
  name: string;
  checked?: boolean;
  defaultChecked?: boolean;
  onChange?: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm font-medium text-slate-700 dark:text-slate-300">
      <input
        type="checkbox"
        name={name}
        value="on"
        checked={checked}
        defaultChecked={defaultChecked}
        onChange={onChange ? (e) => onChange(e.target.checked) : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
      />
      <span>{children}</span>
    </label>
  );
}
