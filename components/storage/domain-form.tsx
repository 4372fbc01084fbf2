'use client';

import { useActionState, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { keepValues } from '@/components/ui/keep-values';
import type { HostLun, IscsiTarget } from '@/lib/backends/infra-types';
import { FILE_STORAGE, NFS_VERSIONS, STORAGE_PURPOSES, STORAGE_TYPES_CREATABLE } from '@/lib/validations/storage-domain';
import { DriverOptionsEditor } from './driver-options';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;
interface SanState extends ActionState {
  targets?: IscsiTarget[];
  luns?: HostLun[];
}
type SanAction = (prev: SanState | undefined, formData: FormData) => Promise<SanState>;

/** A started Gluster volume a GlusterFS domain can mount: `server` is one of its bricks' hosts. */
export interface GlusterVolumeChoice {
  id: string;
  label: string;
  server: string;
  volume: string;
}

export interface HostChoice {
  id: string;
  name: string;
  connectionName: string;
  /** Why this host cannot create managed block storage (an i18n key under storageActions), or null. */
  managedBlock: { key: string; values: Record<string, string> } | null;
}

const GiB = 1024 ** 3;

/**
 * New storage domain. File storage (NFS, GlusterFS, POSIX) takes a server and path; block storage
 * takes LUNs: iSCSI after discovering the portal's targets and logging in, FC as the host sees them.
 * The SAN steps are buttons of the same form (data-action), so every field travels together.
 */
export function StorageDomainForm({
  createAction,
  discoverAction,
  loginAction,
  lunsAction,
  hosts,
  glusterVolumes = [],
}: {
  createAction: FormAction;
  discoverAction: SanAction;
  loginAction: SanAction;
  lunsAction: SanAction;
  hosts: HostChoice[];
  glusterVolumes?: GlusterVolumeChoice[];
}) {
  const t = useTranslations('storageActions');
  const [state, create, creating] = useActionState(createAction, undefined);
  const [discovered, discover, discovering] = useActionState(discoverAction, undefined);
  const [loggedIn, login, loggingIn] = useActionState(loginAction, undefined);
  const [listed, listLuns, listing] = useActionState(lunsAction, undefined);
  const [purpose, setPurpose] = useState<(typeof STORAGE_PURPOSES)[number]>('data');
  const [hostId, setHostId] = useState(hosts[0]?.id ?? '');
  const [type, setType] = useState<(typeof STORAGE_TYPES_CREATABLE)[number]>('nfs');
  const [selected, setSelected] = useState<string[]>([]);
  const [override, setOverride] = useState(false);
  const [picked, setPicked] = useState<GlusterVolumeChoice | undefined>(undefined);
  const errors = state?.fieldErrors ?? {};
  const block = type === 'iscsi' || type === 'fcp';
  // The newest answer wins: a login after a listing shows the login's LUNs, and vice versa.
  const luns = useMemo(() => {
    const all = [loggedIn?.luns, listed?.luns].filter((l): l is HostLun[] => !!l).at(-1) ?? [];
    return all.filter((l) => l.kind === type);
  }, [loggedIn, listed, type]);
  // Managed block storage is offered where some host's data center can hold it; else hidden, with the reason.
  const mbsHosts = hosts.filter((h) => !h.managedBlock);
  const mbsReason = hosts.find((h) => h.id === hostId)?.managedBlock ?? hosts[0]?.managedBlock;
  const types = (purpose === 'data' ? STORAGE_TYPES_CREATABLE : STORAGE_TYPES_CREATABLE.filter((x) => FILE_STORAGE.has(x))).filter(
    (x) => x !== 'managed_block_storage' || mbsHosts.length > 0,
  );
  const managed = type === 'managed_block_storage';
  const hostRefusal = managed ? hosts.find((h) => h.id === hostId)?.managedBlock : null;
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <form onSubmit={keepValues(create, { discover, login, luns: listLuns })} className="space-y-4" noValidate>
      <Field label={t('host')} name="hostId" error={errors.hostId} hint={t('hostHint')}>
        <Select name="hostId" value={hostId} onChange={(e) => setHostId(e.target.value)}>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {t('hostOption', { name: h.name, connection: h.connectionName })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
        <Input name="name" required maxLength={40} aria-invalid={!!errors.name} />
      </Field>
      <Field label={t('descriptionLabel')} name="description" error={errors.description}>
        <Input name="description" maxLength={255} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('purpose')} name="purpose" error={errors.purpose}>
          <Select
            name="purpose"
            value={purpose}
            onChange={(e) => {
              const next = e.target.value as typeof purpose;
              setPurpose(next);
              if (next !== 'data' && !FILE_STORAGE.has(type)) setType('nfs');
            }}
          >
            {STORAGE_PURPOSES.map((p) => (
              <option key={p} value={p}>
                {t(`purposes.${p}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('storageType')} name="storageType" error={errors.storageType}>
          <Select
            name="storageType"
            value={type}
            onChange={(e) => {
              setType(e.target.value as typeof type);
              setSelected([]);
            }}
          >
            {types.map((x) => (
              <option key={x} value={x}>
                {t(`types.${x}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {type === 'glusterfs' && glusterVolumes.length > 0 && (
        <Field label={t('glusterPick')} name="glusterPick" hint={t('glusterPickHint')}>
          <Select name="glusterPick" value={picked?.id ?? ''} onChange={(e) => setPicked(glusterVolumes.find((v) => v.id === e.target.value))}>
            <option value="">{t('glusterPickNone')}</option>
            {glusterVolumes.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {(type === 'nfs' || type === 'glusterfs') && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('server')} name="address" error={errors.address}>
            <Input key={`a-${type}-${picked?.id ?? ''}`} name="address" defaultValue={type === 'glusterfs' ? picked?.server : undefined} aria-invalid={!!errors.address} autoComplete="off" />
          </Field>
          <Field label={type === 'nfs' ? t('exportPath') : t('volume')} name="path" error={errors.path} hint={type === 'nfs' ? t('exportPathHint') : t('volumeHint')}>
            <Input key={`p-${type}-${picked?.id ?? ''}`} name="path" defaultValue={type === 'glusterfs' ? picked?.volume : undefined} aria-invalid={!!errors.path} autoComplete="off" />
          </Field>
        </div>
      )}
      {type === 'nfs' && (
        <Field label={t('nfsVersion')} name="nfsVersion">
          <Select name="nfsVersion" defaultValue="auto">
            {NFS_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {t(`nfsVersions.${v}`)}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {type === 'posixfs' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('posixPath')} name="path" error={errors.path} hint={t('posixPathHint')}>
            <Input name="path" aria-invalid={!!errors.path} autoComplete="off" />
          </Field>
          <Field label={t('vfsType')} name="vfsType" error={errors.vfsType} hint={t('vfsTypeHint')}>
            <Input name="vfsType" aria-invalid={!!errors.vfsType} autoComplete="off" />
          </Field>
        </div>
      )}
      {purpose === 'data' && mbsHosts.length === 0 && mbsReason && (
        <p className="text-xs text-slate-500" data-testid="mbs-unavailable">
          {t('managedBlock.noHost', { reason: t(mbsReason.key.replace(/^storageActions\./, ''), mbsReason.values) })}
        </p>
      )}
      {managed && <DriverOptionsEditor error={errors.driverOptions} />}
      {hostRefusal && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {t(hostRefusal.key.replace(/^storageActions\./, ''), hostRefusal.values)}
        </p>
      )}
      {!block && !managed && (
        <Field label={t('mountOptions')} name="mountOptions" error={errors.mountOptions}>
          <Input name="mountOptions" autoComplete="off" />
        </Field>
      )}

      {type === 'iscsi' && (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <legend className="px-1 text-sm font-medium">{t('iscsiStep')}</legend>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field label={t('portal')} name="address" error={discovered?.fieldErrors?.address ?? errors.address}>
              <Input name="address" autoComplete="off" />
            </Field>
            <Field label={t('port')} name="port" error={discovered?.fieldErrors?.port}>
              <Input name="port" type="number" defaultValue={3260} min={1} max={65535} />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t('chapUser')} name="username">
              <Input name="username" autoComplete="off" />
            </Field>
            <Field label={t('chapPassword')} name="password">
              <Input name="password" type="password" autoComplete="new-password" />
            </Field>
          </div>
          <Button type="submit" variant="secondary" size="sm" data-action="discover" disabled={discovering}>
            {discovering ? t('discovering') : t('discover')}
          </Button>
          <FormStatus state={discovered} />
          {discovered?.targets && discovered.targets.length > 0 && (
            <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800" aria-label={t('targets')}>
              {discovered.targets.map((target) => (
                <li key={target.target} className="flex items-center justify-between gap-3 px-3 py-2">
                  <span className="font-mono text-xs [overflow-wrap:anywhere]">{target.target}</span>
                  <Button type="submit" size="sm" variant="secondary" name="target" value={target.target} data-action="login" disabled={loggingIn}>
                    {t('login')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <FormStatus state={loggedIn} />
        </fieldset>
      )}
      {type === 'fcp' && (
        <div className="space-y-2">
          <Button type="submit" variant="secondary" size="sm" data-action="luns" disabled={listing}>
            {listing ? t('loadingLuns') : t('loadLuns')}
          </Button>
          <FormStatus state={listed} />
        </div>
      )}
      {block && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t('luns')}</legend>
          <input type="hidden" name="lunIds" value={selected.join(',')} />
          {luns.length === 0 ? (
            <p className="text-xs text-slate-500">{type === 'iscsi' ? t('noLunsIscsi') : t('noLunsFc')}</p>
          ) : (
            <table className="w-full text-left text-xs">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 pr-2 font-medium">
                    <span className="sr-only">{t('select')}</span>
                  </th>
                  <th className="py-1 pr-2 font-medium">{t('lunId')}</th>
                  <th className="py-1 pr-2 font-medium">{t('lunSize')}</th>
                  <th className="py-1 pr-2 font-medium">{t('lunVendor')}</th>
                  <th className="py-1 font-medium">{t('lunState')}</th>
                </tr>
              </thead>
              <tbody>
                {luns.map((lun) => (
                  <tr key={lun.id} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1 pr-2">
                      <input
                        type="checkbox"
                        aria-label={t('selectLun', { id: lun.id })}
                        checked={selected.includes(lun.id)}
                        disabled={!lun.free && !override}
                        onChange={() => toggle(lun.id)}
                      />
                    </td>
                    <td className="py-1 pr-2 font-mono [overflow-wrap:anywhere]">{lun.id}</td>
                    <td className="py-1 pr-2">{lun.sizeBytes !== undefined ? t('gib', { n: Math.round(lun.sizeBytes / GiB) }) : '—'}</td>
                    <td className="py-1 pr-2">{[lun.vendor, lun.product].filter(Boolean).join(' ')}</td>
                    <td className="py-1">{lun.free ? t('lunFree') : t('lunUsed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <label className="flex items-center gap-2 text-xs">
            <input type="checkbox" name="overrideLuns" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            {t('overrideLuns')}
          </label>
          {errors.lunIds && <p className="text-xs text-red-600 dark:text-red-400">{errors.lunIds}</p>}
        </fieldset>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={creating || !!hostRefusal}>{creating ? t('creating') : t('create')}</Button>
    </form>
  );
}
