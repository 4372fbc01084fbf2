import 'server-only';
import type { BackendAbout, CallOptions } from '../../types';
import { isBackendError } from '../../errors';
import { AboutTransform } from '../transform';
import type { OvirtContext } from './context';

/** "Test connection": signs in, reads the API root, and checks for admin rights. */
export async function about(ctx: OvirtContext, opts: CallOptions = {}): Promise<BackendAbout> {
  const root = await ctx.transport.get('', undefined, opts.signal);
  const isAdmin = await checkAdmin(ctx, opts);
  return AboutTransform.toInternal(root, ctx.username, isAdmin);
}

/**
 * The engine has no "am I admin" call. Reading `/permissions` unfiltered
 * (Filter: false) works only with admin rights; a self-service user gets a
 * 4xx. Network trouble is still an error, not "not admin".
 */
async function checkAdmin(ctx: OvirtContext, opts: CallOptions): Promise<boolean> {
  try {
    await ctx.transport.request({ method: 'GET', path: '/permissions', filter: false, signal: opts.signal });
    return true;
  } catch (error) {
    if (isBackendError(error) && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
    throw error;
  }
}
