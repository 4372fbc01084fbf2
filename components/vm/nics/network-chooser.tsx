import { useTranslations } from 'next-intl';
import type { SelectHTMLAttributes } from 'react';
import { Select } from '@/components/ui/field';
import type { VnicProfile } from '@/lib/backends/types';

/**
 * The one place a NIC's network is chosen (the wizard's NIC rows, the portal catalog form): a
 * select of vNIC profiles, each named with its network when the two differ. libvirt offers each
 * network as a profile. A richer network list (VLAN, port isolation…) plugs in here, so every
 * form that picks a network gets it at once.
 */
export function NetworkChooser({
  profiles,
  connections,
  emptyLabel,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  /** Profiles of one connection (the wizard). */
  profiles?: readonly VnicProfile[];
  /** Or profiles grouped by connection (the catalog form lists every connection). */
  connections?: ReadonlyArray<{ connectionId: string; connectionName: string; vnicProfiles: readonly VnicProfile[] }>;
  /** The first, empty option ("no network"), when there is one. */
  emptyLabel?: string;
}) {
  const t = useTranslations('vmWizard');
  const option = (p: VnicProfile) => (
    <option key={p.id} value={p.id}>
      {p.network?.name && p.network.name !== p.name ? t('nic.profileOption', { profile: p.name, network: p.network.name }) : p.name}
    </option>
  );
  return (
    <Select {...select}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {profiles?.map(option)}
      {connections?.map((c) => (
        <optgroup key={c.connectionId} label={c.connectionName}>
          {c.vnicProfiles.map(option)}
        </optgroup>
      ))}
    </Select>
  );
}
