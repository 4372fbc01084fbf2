'use client';

import { useActionState, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import type { BootProtocol, HostNetworkSetup, HostNic, IpConfig, Network, NetworkAttachment } from '@/lib/domain';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

interface Att {
  id?: string;
  networkId: string;
  networkName: string;
  nicName: string;
  ipv4: IpConfig;
  /** Absent: the host reports no IPv6 configuration and none was set here. */
  ipv6?: IpConfig;
  inSync: boolean;
  outOfSync?: string[];
  sync: boolean;
}
interface Bond {
  name: string;
  mode: string;
  slaves: string[];
}

const MODES = ['0', '1', '2', '3', '4', '5', '6'];
const PROTOCOLS: BootProtocol[] = ['none', 'dhcp', 'static'];
/** IPv6 as the engine offers it: stateless autoconfiguration, DHCPv6, both, or static. */
const PROTOCOLS6: BootProtocol[] = ['none', 'autoconf', 'dhcp', 'poly_dhcp_autoconf', 'static'];
const NO_IP: IpConfig = { bootProtocol: 'none' };

const sameIp = (a?: IpConfig, b?: IpConfig) =>
  (a?.bootProtocol ?? 'none') === (b?.bootProtocol ?? 'none') && (a?.address ?? '') === (b?.address ?? '') && (a?.netmask ?? '') === (b?.netmask ?? '') && (a?.gateway ?? '') === (b?.gateway ?? '');

/** What changed against the host as read: the ONE setupnetworks request. */
export function diffSetup(
  original: { bonds: Bond[]; atts: Att[] },
  edited: { bonds: Bond[]; atts: Att[] },
  flags: { checkConnectivity: boolean; commitOnSuccess: boolean },
): HostNetworkSetup {
  const before = new Map(original.bonds.map((b) => [b.name, b]));
  const modifiedBonds = edited.bonds
    .filter((b) => {
      const o = before.get(b.name);
      return !o || o.mode !== b.mode || [...o.slaves].sort().join() !== [...b.slaves].sort().join();
    })
    .map((b) => ({ name: b.name, mode: b.mode, slaves: b.slaves }));
  const removedBonds = original.bonds.filter((b) => !edited.bonds.some((x) => x.name === b.name)).map((b) => b.name);
  const origAtt = new Map(original.atts.filter((a) => a.id).map((a) => [a.id!, a]));
  const modifiedAttachments = edited.atts
    .filter((a) => {
      const o = a.id ? origAtt.get(a.id) : undefined;
      return !o || o.nicName !== a.nicName || !sameIp(o.ipv4, a.ipv4) || !sameIp(o.ipv6 ?? NO_IP, a.ipv6 ?? NO_IP);
    })
    .map((a) => {
      const o = a.id ? origAtt.get(a.id) : undefined;
      // Both families go together once either changed: the attachment's addresses are one list.
      const ipChanged = !o || !sameIp(o.ipv4, a.ipv4) || !sameIp(o.ipv6 ?? NO_IP, a.ipv6 ?? NO_IP);
      return {
        ...(a.id ? { id: a.id } : {}), networkId: a.networkId, nicName: a.nicName,
        ...(ipChanged ? { ipv4: a.ipv4, ...(a.ipv6 ? { ipv6: a.ipv6 } : {}) } : {}),
      };
    });
  const removedAttachments = original.atts.filter((a) => a.id && !edited.atts.some((x) => x.id === a.id)).map((a) => a.id!);
  const synchronizedAttachments = edited.atts.filter((a) => a.id && a.sync).map((a) => a.id!);
  return { modifiedBonds, removedBonds, modifiedAttachments, removedAttachments, synchronizedAttachments, ...flags };
}

/**
 * "Setup host networks": move networks between NICs and bonds, make or break bonds, set addresses,
 * all edited here and sent as ONE request; the engine applies all of it or nothing, and a refusal
 * shows in its words with the host unchanged.
 */
export function SetupNetworks({
  action,
  hostId,
  nics,
  attachments,
  networks,
  version,
}: {
  action: FormAction;
  hostId: string;
  nics: HostNic[];
  attachments: NetworkAttachment[];
  networks: Network[];
  /** Changes when the host reports something else (after a save): the editor starts again from it. */
  version: string;
}) {
  // The result stays while the editor below starts again from the host's new state.
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <div data-testid="setup-networks" className="space-y-3">
      <SetupEditor key={version} formAction={formAction} pending={pending} hostId={hostId} nics={nics} attachments={attachments} networks={networks} />
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </div>
  );
}

function SetupEditor({
  formAction,
  pending,
  hostId,
  nics,
  attachments,
  networks,
}: {
  formAction: (formData: FormData) => void;
  pending: boolean;
  hostId: string;
  nics: HostNic[];
  attachments: NetworkAttachment[];
  networks: Network[];
}) {
  const t = useTranslations('hostNetworks');
  const original = useMemo(
    () => ({
      bonds: nics.filter((n) => n.bond).map((n) => ({ name: n.name, mode: n.bond!.mode ?? '4', slaves: n.bond!.slaves })),
      atts: attachments.map(
        (a): Att => ({
          id: a.id, networkId: a.network.id, networkName: a.network.name ?? networks.find((n) => n.id === a.network.id)?.name ?? a.network.id,
          nicName: a.nicName, ipv4: a.ipv4 ?? { bootProtocol: 'none' }, ...(a.ipv6 ? { ipv6: a.ipv6 } : {}), inSync: a.inSync, outOfSync: a.outOfSync, sync: false,
        }),
      ),
    }),
    [nics, attachments, networks],
  );
  const [bonds, setBonds] = useState<Bond[]>(original.bonds);
  const [atts, setAtts] = useState<Att[]>(original.atts);
  const [checkConnectivity, setCheck] = useState(true);
  const [commitOnSuccess, setCommit] = useState(true);
  const [newNet, setNewNet] = useState('');
  const physical = nics.filter((n) => !n.bond && !n.vlan).map((n) => n.name);
  const enslaved = new Set(bonds.flatMap((b) => b.slaves));
  const targets = [...physical.filter((p) => !enslaved.has(p)), ...bonds.map((b) => b.name)];
  const unattached = networks.filter((n) => !atts.some((a) => a.networkId === n.id));
  const setup = diffSetup(original, { bonds, atts }, { checkConnectivity, commitOnSuccess });
  const changed = setup.modifiedBonds.length + setup.removedBonds.length + setup.modifiedAttachments.length + setup.removedAttachments.length + setup.synchronizedAttachments.length > 0;
  const patchAtt = (i: number, patch: Partial<Att>) => setAtts(atts.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const patchIp = (i: number, patch: Partial<IpConfig>) => patchAtt(i, { ipv4: { ...atts[i].ipv4, ...patch } });
  // Leaving static drops the typed address: only a static configuration carries one.
  const patchIp6 = (i: number, patch: Partial<IpConfig>) => {
    const next = { ...(atts[i].ipv6 ?? NO_IP), ...patch };
    patchAtt(i, { ipv6: next.bootProtocol === 'static' ? next : { bootProtocol: next.bootProtocol } });
  };

  return (
    <form onSubmit={keepValues(formAction)} className="space-y-5">
      <input type="hidden" name="hostId" value={hostId} />
      <input type="hidden" name="setup" value={JSON.stringify(setup)} />

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold">{t('attachments')}</legend>
        {atts.map((a, i) => (
          <div key={a.id ?? `new-${a.networkId}`} className="grid items-end gap-2 sm:grid-cols-[10rem_8rem_8rem_1fr_1fr_1fr_auto]" data-attachment={a.networkName}>
            <div className="text-sm font-medium">
              {a.networkName}
              {!a.inSync && (
                <label className="mt-1 flex items-center gap-1 text-xs font-normal text-amber-800 dark:text-amber-300">
                  <input type="checkbox" checked={a.sync} onChange={(e) => patchAtt(i, { sync: e.target.checked })} aria-label={t('syncNetwork', { name: a.networkName })} />
                  {t('outOfSyncSync', { details: a.outOfSync?.join('; ') ?? '' })}
                </label>
              )}
            </div>
            <Select aria-label={t('nicFor', { name: a.networkName })} value={a.nicName} onChange={(e) => patchAtt(i, { nicName: e.target.value })}>
              {[...new Set([a.nicName, ...targets])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
            <Select aria-label={t('bootFor', { name: a.networkName })} value={a.ipv4.bootProtocol} onChange={(e) => patchIp(i, { bootProtocol: e.target.value as BootProtocol })}>
              {[...new Set([a.ipv4.bootProtocol, ...PROTOCOLS])].map((p) => (
                <option key={p} value={p}>
                  {t(`boot.${p}`)}
                </option>
              ))}
            </Select>
            {a.ipv4.bootProtocol === 'static' ? (
              <>
                <Input aria-label={t('addressFor', { name: a.networkName })} placeholder={t('address')} value={a.ipv4.address ?? ''} onChange={(e) => patchIp(i, { address: e.target.value.trim() })} />
                <Input aria-label={t('netmaskFor', { name: a.networkName })} placeholder={t('netmask')} value={a.ipv4.netmask ?? ''} onChange={(e) => patchIp(i, { netmask: e.target.value.trim() })} />
                <Input aria-label={t('gatewayFor', { name: a.networkName })} placeholder={t('gateway')} value={a.ipv4.gateway ?? ''} onChange={(e) => patchIp(i, { gateway: e.target.value.trim() || undefined })} />
              </>
            ) : (
              <span className="text-xs text-slate-500 sm:col-span-3">{a.ipv4.address ?? ''}</span>
            )}
            <Button type="button" size="sm" variant="ghost" onClick={() => setAtts(atts.filter((_, j) => j !== i))} aria-label={t('detachNetwork', { name: a.networkName })}>
              {t('detach')}
            </Button>
            <span className="text-xs text-slate-500 sm:col-start-2 sm:text-right">{t('ipv6')}</span>
            <Select aria-label={t('boot6For', { name: a.networkName })} value={a.ipv6?.bootProtocol ?? 'none'} onChange={(e) => patchIp6(i, { bootProtocol: e.target.value as BootProtocol })}>
              {PROTOCOLS6.map((p) => (
                <option key={p} value={p}>
                  {t(`boot.${p}`)}
                </option>
              ))}
            </Select>
            {a.ipv6?.bootProtocol === 'static' ? (
              <>
                <Input aria-label={t('address6For', { name: a.networkName })} placeholder={t('address6')} value={a.ipv6.address ?? ''} onChange={(e) => patchIp6(i, { address: e.target.value.trim() })} />
                <Input aria-label={t('prefix6For', { name: a.networkName })} placeholder={t('prefix6')} inputMode="numeric" value={a.ipv6.netmask ?? ''} onChange={(e) => patchIp6(i, { netmask: e.target.value.trim() })} />
                <Input aria-label={t('gateway6For', { name: a.networkName })} placeholder={t('gateway')} value={a.ipv6.gateway ?? ''} onChange={(e) => patchIp6(i, { gateway: e.target.value.trim() || undefined })} />
              </>
            ) : (
              <span className="text-xs text-slate-500 sm:col-span-3">{a.ipv6?.address ?? ''}</span>
            )}
          </div>
        ))}
        {unattached.length > 0 && (
          <div className="flex flex-wrap items-end gap-2">
            <Select aria-label={t('networkToAttach')} value={newNet} onChange={(e) => setNewNet(e.target.value)} className="w-auto">
              <option value="">{t('chooseNetwork')}</option>
              {unattached.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                  {n.vlanId !== undefined ? t('vlanTag', { id: n.vlanId }) : ''}
                </option>
              ))}
            </Select>
            <Button
              type="button"
              size="sm"
              variant="secondary"
              disabled={!newNet || targets.length === 0}
              onClick={() => {
                const n = networks.find((x) => x.id === newNet)!;
                setAtts([...atts, { networkId: n.id, networkName: n.name, nicName: targets[0], ipv4: { bootProtocol: 'none' }, inSync: true, sync: false }]);
                setNewNet('');
              }}
            >
              {t('attach')}
            </Button>
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold">{t('bonds')}</legend>
        {bonds.map((b, i) => (
          <div key={b.name} className="flex flex-wrap items-center gap-3 text-sm" data-bond={b.name}>
            <span className="font-medium">{b.name}</span>
            <Select aria-label={t('modeFor', { name: b.name })} value={b.mode} onChange={(e) => setBonds(bonds.map((x, j) => (j === i ? { ...x, mode: e.target.value } : x)))} className="w-auto">
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`mode.${m}`)}
                </option>
              ))}
            </Select>
            {physical.map((p) => (
              <label key={p} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  aria-label={t('slaveOfBond', { nic: p, bond: b.name })}
                  checked={b.slaves.includes(p)}
                  disabled={!b.slaves.includes(p) && enslaved.has(p)}
                  onChange={(e) => setBonds(bonds.map((x, j) => (j === i ? { ...x, slaves: e.target.checked ? [...x.slaves, p] : x.slaves.filter((s) => s !== p) } : x)))}
                />
                {p}
              </label>
            ))}
            <Button type="button" size="sm" variant="ghost" onClick={() => setBonds(bonds.filter((_, j) => j !== i))}>
              {t('breakBond', { name: b.name })}
            </Button>
          </div>
        ))}
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={() => {
            let n = 0;
            while (bonds.some((b) => b.name === `bond${n}`) || nics.some((x) => x.name === `bond${n}`)) n++;
            setBonds([...bonds, { name: `bond${n}`, mode: '4', slaves: [] }]);
          }}
        >
          {t('newBond')}
        </Button>
      </fieldset>

      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={checkConnectivity} onChange={(e) => setCheck(e.target.checked)} />
          {t('checkConnectivity')}
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={commitOnSuccess} onChange={(e) => setCommit(e.target.checked)} />
          {t('commit')}
        </label>
      </div>
      <div className="flex gap-2">
        <Button disabled={pending || !changed}>{pending ? t('saving') : t('apply')}</Button>
        <Button
          type="button"
          variant="ghost"
          disabled={!changed}
          onClick={() => {
            setBonds(original.bonds);
            setAtts(original.atts);
          }}
        >
          {t('reset')}
        </Button>
      </div>
    </form>
  );
}
