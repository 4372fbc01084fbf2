'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { quotaProblem, type QuotaScope } from '@/lib/portal/quota';
import { launchAction } from '@/lib/actions/portal';
import { QuotaSummary } from './quota-summary';

export interface LaunchItem {
  id: string;
  name: string;
  description: string | null;
  minDiskGiB: number;
  /** Launched on a new volume made from the image (its boot disk, kept in My volumes). */
  onVolume?: boolean;
}
export interface LaunchFlavor {
  id: string;
  name: string;
  vcpus: number;
  memoryMiB: number;
  diskGiB: number;
}

/**
 * Catalog item + flavor + name (+ a group to share with). The quota is checked here before
 * submit with the numbers the page was built with; the server checks again with fresh ones.
 */
export function LaunchForm({
  items,
  flavors,
  groups,
  userScope,
  sshKeys,
}: {
  items: LaunchItem[];
  flavors: LaunchFlavor[];
  groups: Array<{ id: string; name: string; scope: QuotaScope }>;
  userScope: QuotaScope;
  sshKeys: Array<{ id: string; name: string; fingerprint: string }>;
}) {
  const t = useTranslations('portal');
  const tAll = useTranslations();
  const [state, action, pending] = useActionState(launchAction, undefined);
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const [flavorId, setFlavorId] = useState(flavors[0]?.id ?? '');
  const [groupId, setGroupId] = useState('');
  const item = items.find((i) => i.id === itemId);
  const flavor = flavors.find((f) => f.id === flavorId);
  const group = groups.find((g) => g.id === groupId);
  const problem = !flavor
    ? null
    : item && flavor.diskGiB < item.minDiskGiB
      ? { key: 'portal.errors.flavorTooSmall', values: { item: item.name, min: item.minDiskGiB } }
      : quotaProblem([userScope, ...(group ? [group.scope] : [])], { vms: 1, vcpus: flavor.vcpus, memoryMiB: flavor.memoryMiB, storageGiB: flavor.diskGiB });

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <Card className="p-5">
        <form action={action} className="space-y-4" data-testid="launch-form">
          <Field label={t('launch.item')} name="catalogItemId" error={state?.fieldErrors?.catalogItemId}>
            <Select name="catalogItemId" value={itemId} onChange={(e) => setItemId(e.target.value)} required>
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.description ? `${i.name} — ${i.description}` : i.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('launch.flavor')} name="flavorId" error={state?.fieldErrors?.flavorId}>
            <Select name="flavorId" value={flavorId} onChange={(e) => setFlavorId(e.target.value)} required>
              {flavors.map((f) => (
                <option key={f.id} value={f.id}>
                  {t('launch.flavorOption', { name: f.name, vcpus: f.vcpus, memory: f.memoryMiB, disk: f.diskGiB })}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('launch.name')} name="name" error={state?.fieldErrors?.name} hint={t('launch.nameHint')}>
            <Input name="name" required autoComplete="off" maxLength={64} />
          </Field>
          {groups.length > 0 && (
            <Field label={t('launch.group')} name="groupId" error={state?.fieldErrors?.groupId}>
              <Select name="groupId" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
                <option value="">{t('launch.noGroup')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {item?.onVolume && (
            <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="launch-on-volume">
              {t('launch.onVolume', { disk: flavor?.diskGiB ?? item.minDiskGiB })}
            </p>
          )}
          {/* cloud-init is not offered on a volume yet (the create would refuse a key): no key field then. */}
          {!item?.onVolume && (
            <Field label={t('launch.sshKey')} name="sshKeyId" error={state?.fieldErrors?.sshKeyId} hint={sshKeys.length ? t('launch.sshKeyHint') : undefined}>
              <Select name="sshKeyId" defaultValue={sshKeys[0]?.id ?? ''}>
                <option value="">{t('launch.noSshKey')}</option>
                {sshKeys.map((k) => (
                  <option key={k.id} value={k.id}>
                    {`${k.name} (${k.fingerprint})`}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {!item?.onVolume && sshKeys.length === 0 && (
            <p className="text-xs text-slate-500">
              <Link href="/portal/profile" className="text-brand-700 hover:underline dark:text-brand-400">
                {t('launch.addSshKey')}
              </Link>
            </p>
          )}
          {problem && (
            <p role="alert" data-testid="quota-problem" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
              {tAll(problem.key, problem.values)}
            </p>
          )}
          <FormStatus state={state} />
          {state?.ok && (
            <p className="text-sm">
              <Link href="/portal" className="text-brand-700 hover:underline dark:text-brand-400">
                {t('launch.toMyVms')}
              </Link>
            </p>
          )}
          <Button type="submit" disabled={pending || !!problem || !item || !flavor}>
            {t('launch.submit')}
          </Button>
        </form>
      </Card>
      <Card className="h-fit space-y-3 p-5">
        <h2 className="font-semibold">{t('quota.title')}</h2>
        <QuotaSummary scope={userScope} />
        {group && (
          <>
            <h3 className="pt-2 text-sm font-semibold">{t('quota.groupTitle', { group: group.name })}</h3>
            <QuotaSummary scope={group.scope} />
          </>
        )}
      </Card>
    </div>
  );
}
