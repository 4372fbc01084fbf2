import { describe, expect, it } from 'vitest';
import type { Cluster, DataCenter } from '@/lib/domain';
import { dataCenterManagedBlockRefusal, managedBlockRefusal } from './managed-block';

const dc = (version?: string): DataCenter => ({ id: 'c:dc', nativeId: 'dc', connectionId: 'c', name: 'dc', status: 'up', nativeStatus: 'up', local: false, version });
const cluster = (version?: string): Cluster => ({ id: 'c:cl', nativeId: 'cl', connectionId: 'c', name: 'cl', dataCenter: { id: 'c:dc', name: 'dc' }, version });
const host = { cluster: { id: 'c:cl', name: 'cl' } };

describe('managedBlockRefusal', () => {
  it('allows a data center at 4.3 or later', () => {
    expect(managedBlockRefusal(host, [cluster()], [dc('4.3')])).toBeNull();
    expect(managedBlockRefusal(host, [cluster()], [dc('4.7')])).toBeNull();
    expect(managedBlockRefusal(host, [cluster()], [dc('5.0')])).toBeNull();
  });

  it('refuses an older data center, naming its version and the one needed', () => {
    expect(managedBlockRefusal(host, [cluster()], [dc('4.2')])).toEqual({ key: 'storageActions.managedBlock.versionTooOld', values: { version: '4.2', min: '4.3' } });
  });

  it('falls back to the cluster level, and says so when no version is known', () => {
    expect(managedBlockRefusal(host, [cluster('4.1')], [dc()])?.key).toBe('storageActions.managedBlock.versionTooOld');
    expect(managedBlockRefusal(host, [cluster()], [dc()])?.key).toBe('storageActions.managedBlock.versionUnknown');
    expect(managedBlockRefusal({ cluster: undefined }, [], [])?.key).toBe('storageActions.managedBlock.versionUnknown');
  });

  it('judges a data center to attach to the same way', () => {
    expect(dataCenterManagedBlockRefusal({ version: '4.4' })).toBeNull();
    expect(dataCenterManagedBlockRefusal({ version: '4.2' })?.values).toEqual({ version: '4.2', min: '4.3' });
  });
});
