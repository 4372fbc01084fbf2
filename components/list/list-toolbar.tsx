'use client';

import { Search } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Input, Select } from '@/components/ui/field';
import { PAGE_SIZES, type ListParams, type PageSize, type StorageKindTab } from '@/lib/validations/inventory';
import type { ConnectionInfo } from '@/lib/inventory/types';

export interface ToolbarProps {
  params: ListParams;
  update: (patch: Partial<ListParams>) => void;
  connections: ConnectionInfo[];
  /** Status filter values (the list's common statuses) and the translation key prefix for them. */
  statuses?: readonly string[];
  statusKind?: string;
  /** Offer the engine's own query language (VMs, hosts). */
  nativeQuery?: boolean;
  /** Placeholder of the free-text search; none for lists the backend cannot search (oVirt jobs). */
  searchLabel?: string;
  /** Narrow by cluster or host name (VMs, hosts). */
  refFilters?: ReadonlyArray<{ field: 'cluster' | 'host'; label: string; anyLabel: string; options: readonly string[] }>;
  /** Narrow to the VMs of one user (a login name, typed: an estate may have thousands of users). */
  ownerLabel?: string;
  /** Narrow to bootable volumes or the others: the select's name and its three choices. */
  bootable?: { label: string; any: string; yes: string; no: string };
}

/** Search (free text, and the engine's query language), status and connection filters, page size. */
export function ListToolbar({ params, update, connections, statuses, statusKind, nativeQuery, searchLabel, refFilters, ownerLabel, bootable }: ToolbarProps) {
  const t = useTranslations('inventory');
  const ts = useTranslations('inventory.statuses');
  const [text, setText] = useState(params.q ?? '');
  const [query, setQuery] = useState(params.query ?? '');
  const [owner, setOwner] = useState(params.owner ?? '');
  // The URL is the truth: back/forward or a link changes it under us (React's
  // "adjust state when a prop changes" pattern, no effect needed).
  const [seen, setSeen] = useState({ q: params.q, query: params.query, owner: params.owner });
  if (seen.q !== params.q || seen.query !== params.query || seen.owner !== params.owner) {
    setSeen({ q: params.q, query: params.query, owner: params.owner });
    setText(params.q ?? '');
    setQuery(params.query ?? '');
    setOwner(params.owner ?? '');
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({
      q: text.trim() || undefined,
      query: nativeQuery ? query.trim() || undefined : undefined,
      owner: ownerLabel ? owner.trim() || undefined : undefined,
    });
  };

  return (
    <div className="mb-4 flex flex-wrap items-center gap-2">
      {searchLabel && (
      <form onSubmit={submit} role="search" className="flex min-w-72 flex-[3] flex-wrap items-center gap-2">
        <div className="relative min-w-40 flex-1">
          <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
          <Input
            name="q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={searchLabel}
            aria-label={searchLabel}
            maxLength={200}
            className="pl-8"
          />
        </div>
        {nativeQuery && (
          <div className="min-w-40 flex-[1.4]">
            <Input
              name="query"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('nativeQueryPlaceholder')}
              aria-label={t('nativeQuery')}
              title={t('nativeQueryHint')}
              maxLength={1000}
              className="font-mono"
            />
          </div>
        )}
        {ownerLabel && (
          <div className="min-w-32 flex-[0.8]">
            <Input
              name="owner"
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              placeholder={ownerLabel}
              aria-label={ownerLabel}
              title={t('ownerHint')}
              maxLength={200}
            />
          </div>
        )}
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          {t('searchButton')}
        </button>
      </form>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {statuses && statuses.length > 0 && (
          <Select
            name="status"
            aria-label={t('status')}
            value={params.status ?? ''}
            onChange={(e) => update({ status: e.target.value || undefined })}
            className="w-auto!"
          >
            <option value="">{t('anyStatus')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {ts.has(`${statusKind}.${s}`) ? ts(`${statusKind}.${s}`) : s}
              </option>
            ))}
          </Select>
        )}
        {refFilters?.map((f) => (
          <Select
            key={f.field}
            name={f.field}
            aria-label={f.label}
            value={params[f.field] ?? ''}
            onChange={(e) => update({ [f.field]: e.target.value || undefined })}
            className="w-auto! max-w-48"
          >
            <option value="">{f.anyLabel}</option>
            {/* The current value stays selectable even before the options arrive. */}
            {[...new Set([...(params[f.field] ? [params[f.field]!] : []), ...f.options])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        ))}
        {bootable && (
          <Select
            name="bootable"
            aria-label={bootable.label}
            value={params.bootable ?? ''}
            onChange={(e) => update({ bootable: (e.target.value || undefined) as ListParams['bootable'] })}
            className="w-auto!"
          >
            <option value="">{bootable.any}</option>
            <option value="true">{bootable.yes}</option>
            <option value="false">{bootable.no}</option>
          </Select>
        )}
        {connections.length > 1 && (
          <Select
            name="connection"
            aria-label={t('connection')}
            value={params.connection ?? ''}
            onChange={(e) => update({ connection: e.target.value || undefined })}
            className="w-auto!"
          >
            <option value="">{t('allConnections')}</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        )}
        <Select
          name="size"
          aria-label={t('pageSize')}
          value={String(params.size)}
          onChange={(e) => update({ size: Number(e.target.value) as PageSize })}
          className="w-auto!"
        >
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {t('perPage', { size: s })}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}

/** Data / ISO / export tabs of the storage page, as links that keep the rest of the URL state. */
export function KindTabs({
  value,
  tabs,
  onChange,
}: {
  value: StorageKindTab | undefined;
  tabs: ReadonlyArray<{ value: StorageKindTab | undefined; label: string }>;
  onChange: (value: StorageKindTab | undefined) => void;
}) {
  return (
    <div role="tablist" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {tabs.map((tab) => {
        const selected = tab.value === value;
        return (
          <button
            key={tab.value ?? 'all'}
            role="tab"
            type="button"
            aria-selected={selected}
            onClick={() => onChange(tab.value)}
            className={
              selected
                ? '-mb-px border-b-2 border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 dark:text-brand-100'
                : '-mb-px border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
            }
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
