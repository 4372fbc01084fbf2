import { useTranslations } from 'next-intl';
import type { SelectHTMLAttributes } from 'react';
import { Select } from '@/components/ui/field';
import { DISK_INTERFACES, NIC_INTERFACES } from '@/lib/validations/vm';

/**
 * The selects of a disk's interface and a NIC's model, one wording for the same choice wherever it
 * is made: the wizard's device rows and the VM page's disk and NIC editors.
 */
export function DiskInterfaceSelect(props: SelectHTMLAttributes<HTMLSelectElement>) {
  const t = useTranslations('vmWizard');
  return (
    <Select {...props}>
      {DISK_INTERFACES.map((i) => (
        <option key={i} value={i}>
          {t(`diskInterfaces.${i}`)}
        </option>
      ))}
    </Select>
  );
}

export function NicModelSelect(props: SelectHTMLAttributes<HTMLSelectElement>) {
  const t = useTranslations('vmWizard');
  return (
    <Select {...props}>
      {NIC_INTERFACES.map((i) => (
        <option key={i} value={i}>
          {t(`nicModels.${i}`)}
        </option>
      ))}
    </Select>
  );
}
