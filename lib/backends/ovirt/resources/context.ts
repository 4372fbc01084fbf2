import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { OvirtTransport } from '../transport';

export interface OvirtContext {
  transport: OvirtTransport;
  connectionId: string;
  username: string;
}

/** `/vms/{id}` with the native id escaped: ids are opaque and may hold any character. */
export function itemPath(ctx: OvirtContext, collection: string, id: QualifiedId, what: string): string {
  return `${collection}/${encodeURIComponent(nativeIdFor(ctx.connectionId, id, what))}`;
}
