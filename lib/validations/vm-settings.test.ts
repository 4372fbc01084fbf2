import { describe, expect, it } from 'vitest';
import { settingsPatchOf, vmSettingsSchema } from './vm-settings';

const vmId = 'engine:0b1c';

describe('the VM settings form', () => {
  it('turns the changed fields into a neutral patch, nothing else', () => {
    const parsed = vmSettingsSchema.parse({ vmId, bootOrder: 'cdrom, hd', haEnabled: 'true', haPriority: '50', migration: 'pinned', hostIds: 'engine:h1\nengine:h2\n' });
    expect(settingsPatchOf(parsed)).toEqual({
      bootOrder: ['cdrom', 'hd'],
      highAvailability: { enabled: true, priority: 50 },
      placement: { migration: 'pinned', hostIds: ['engine:h1', 'engine:h2'] },
    });
    expect(settingsPatchOf(vmSettingsSchema.parse({ vmId, autostart: 'false' }))).toEqual({ autostart: false });
  });

  it('the lease: a storage domain sets it, an empty choice removes it', () => {
    expect(settingsPatchOf(vmSettingsSchema.parse({ vmId, leaseDomainId: 'engine:sd1' }))).toEqual({ lease: 'engine:sd1' });
    expect(settingsPatchOf(vmSettingsSchema.parse({ vmId, leaseDomainId: '' }))).toEqual({ lease: null });
  });

  it.each([
    [{ bootOrder: 'hd,hd' }, 'bootOrder', 'vmSettings.errors.bootTwice'],
    [{ bootOrder: 'floppy' }, 'bootOrder', 'vmSettings.errors.bootUnknown'],
    [{ bootOrder: ' ' }, 'bootOrder', 'vmSettings.errors.bootEmpty'],
    [{ haEnabled: 'true', haPriority: '101' }, 'haPriority', 'vmSettings.errors.priorityInvalid'],
    [{ haEnabled: 'true' }, 'haPriority', 'vmSettings.errors.priorityInvalid'],
    [{ console: 'rdp' }, 'console', 'vmSettings.errors.consoleInvalid'],
    [{ migration: 'sticky', hostIds: '' }, 'migration', 'vmSettings.errors.migrationInvalid'],
    [{ migration: 'pinned', hostIds: 'not an id' }, 'hostIds', 'vmSettings.errors.hostInvalid'],
    [{}, 'form', 'vmSettings.errors.nothingChanged'],
    [{ leaseDomainId: 'not an id' }, 'leaseDomainId', 'vmSettings.errors.leaseInvalid'],
  ])('refuses %j with the message for its field', (fields, path, message) => {
    const r = vmSettingsSchema.safeParse({ vmId, ...fields });
    expect(r.success).toBe(false);
    expect(r.error!.issues.find((i) => i.path[0] === path)?.message).toBe(message);
  });

  it('refuses fields it does not know', () => {
    expect(vmSettingsSchema.safeParse({ vmId, autostart: 'true', memory: '1' }).success).toBe(false);
  });
});
