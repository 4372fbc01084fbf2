import { describe, expect, it } from 'vitest';
import { formFieldsOf, initialValues, type WizardValues } from '@/components/vm/wizard/values';
import type { VmCreateFeatures } from '@/lib/backends/types';
import { vmCreateSchema } from '@/lib/validations/vm';
import { capacityProblem, createSpecOf, unsupportedProblem, type WizardChoices } from './vm-create';

/**
 * The wizard's values → the fields it posts → the server's schema → the spec
 * the backend gets: the path every create takes, checked end to end without a
 * backend. Capacity and unsupported-feature checks run on the same input.
 */

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const OVIRT: VmCreateFeatures = { templates: true, baseImages: false, attachVolumes: false, cloudInit: true, highAvailability: true, consoles: ['vnc', 'spice'] };
const LIBVIRT: VmCreateFeatures = { templates: false, baseImages: true, attachVolumes: false, cloudInit: false, highAvailability: false, consoles: ['vnc', 'spice'] };
const e = (id: string, name: string) => ({ id: `c1:${id}`, nativeId: id, connectionId: 'c1', name });

function choices(features: VmCreateFeatures = OVIRT): WizardChoices {
  return {
    connectionId: 'c1',
    connectionName: 'Engine',
    features,
    clusters: [{ ...e('cl1', 'Default'), dataCenter: { id: 'c1:dc1' } }],
    hosts: [
      { ...e('h1', 'host-01'), status: 'up', nativeStatus: 'up', cluster: { id: 'c1:cl1' }, memoryBytes: 64 * GiB, maxSchedulingMemoryBytes: 32 * GiB },
      { ...e('h2', 'host-02'), status: 'up', nativeStatus: 'up', cluster: { id: 'c1:cl1' }, memoryBytes: 16 * GiB, maxSchedulingMemoryBytes: 8 * GiB },
    ],
    templates: [{ ...e('t1', 'debian-12'), status: 'ok', memoryBytes: GiB, cpu: { sockets: 1, cores: 2, threads: 1 }, cluster: { id: 'c1:cl1' } }],
    baseImages: [{ ...e('/pool/base.qcow2', 'base.qcow2'), status: 'ok', contentType: 'data' }],
    storageDomains: [
      { ...e('sd1', 'nfs-data'), kind: 'data', storageType: 'nfs', status: 'active', availableBytes: 100 * GiB, dataCenter: { id: 'c1:dc1' } },
      { ...e('sd2', 'far-data'), kind: 'data', storageType: 'nfs', status: 'active', availableBytes: 100 * GiB, dataCenter: { id: 'c1:dc2' } },
    ],
    isoFiles: [{ id: 'debian.iso', name: 'debian.iso', storageDomain: { id: 'c1:iso', name: 'iso' } }],
    vnicProfiles: [{ id: 'c1:p1', name: 'ovirtmgmt', network: { id: 'c1:n1', name: 'ovirtmgmt' }, dataCenter: { id: 'c1:dc1' } }],
    volumeSource: { available: false, reason: 'noCinder' },
  };
}

function parse(values: WizardValues) {
  const parsed = vmCreateSchema.safeParse(formFieldsOf(values));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

describe('the wizard builds the spec the backend gets', () => {
  it('from a template: the template brings disks and NICs (none sent), thin unless asked, console and HA chosen', () => {
    const c = choices();
    const v: WizardValues = { ...initialValues(c, 'c1:t1'), name: 'web-01', haEnabled: true, haPriority: '50', console: 'spice' };
    expect(v).toMatchObject({ source: 'template', templateId: 'c1:t1', clusterId: 'c1:cl1', cores: '2', memoryMiB: '1024' });
    const spec = createSpecOf(parse(v));
    expect(spec).toEqual({
      name: 'web-01',
      description: undefined,
      clusterId: 'c1:cl1',
      hostId: undefined,
      cpu: { sockets: 1, cores: 2, threads: 1 },
      memoryBytes: 1024 * MiB,
      highAvailability: { enabled: true, priority: 50 },
      console: 'spice',
      templateId: 'c1:t1',
      cloneTemplateDisks: false,
    });
  });

  it('from a Cinder volume: no disks and no ISO are sent (the volume is the only disk), the NICs are; an image needs its connection and a size', () => {
    const c = { ...choices({ ...LIBVIRT, attachVolumes: true }), volumeSource: { available: true } as const };
    const base = initialValues(c);
    const fromImage: WizardValues = { ...base, name: 'bfv-01', source: 'volume', isoFileId: 'debian.iso', bootImageId: 'a1b2-c3', volumeConnectionId: 'cinder1', bootVolumeGiB: '8' };
    const input = parse(fromImage);
    expect(input).toMatchObject({ source: 'volume', bootImageId: 'a1b2-c3', volumeConnectionId: 'cinder1', bootVolumeGiB: 8, disks: [], isoFileId: undefined, bootVolumeId: undefined });
    const spec = createSpecOf(input);
    expect(spec.disks).toBeUndefined();
    expect(spec.isoFileId).toBeUndefined();
    expect(spec.nics).toEqual([{ name: 'nic1', vnicProfileId: 'c1:p1', interface: 'virtio' }]);
    expect(unsupportedProblem(input, c.features)).toBeNull();
    // The same source on a backend whose VMs take no volume, or with cloud-init, is refused in words.
    expect(unsupportedProblem(input, OVIRT)).toEqual({ key: 'vmWizard.unsupported.volume', values: {} });
    expect(unsupportedProblem({ ...input, cloudInit: true }, c.features)).toEqual({ key: 'vmWizard.unsupported.cloudInitOnVolume', values: {} });
    // An existing volume alone is enough; nothing at all is not.
    expect(parse({ ...fromImage, bootVolumeId: 'cinder1:vol-1' })).toMatchObject({ bootVolumeId: 'cinder1:vol-1', bootImageId: undefined, bootVolumeGiB: undefined });
    const none = vmCreateSchema.safeParse(formFieldsOf({ ...fromImage, bootImageId: '' }));
    expect(none.success).toBe(false);
    expect(none.error?.issues.map((i) => i.message)).toContain('vmWizard.errors.bootVolumeRequired');
  });

  it('blank with an ISO and cloud-init: sized disks (the first boots), NICs, the ISO, cloud-init; no template', () => {
    const c = choices();
    const base = initialValues(c);
    const v: WizardValues = {
      ...base,
      name: 'inst-01',
      hostId: 'c1:h1',
      memoryMiB: '4096',
      isoFileId: 'debian.iso',
      disks: [{ ...base.disks[0]!, sizeGiB: '20', thin: false }, { ...base.disks[0]!, key: 99, sizeGiB: '5', interface: 'sata' }],
      cloudInit: true,
      ciHostname: 'inst-01.lab',
      ciUser: 'ops',
      ciPassword: 's3cret!',
      ciSshKey: 'ssh-ed25519 AAAAC3Nza ops@lab',
      ciTimezone: 'Asia/Shanghai',
    };
    const spec = createSpecOf(parse(v));
    expect(spec.templateId).toBeUndefined();
    expect(spec.hostId).toBe('c1:h1');
    expect(spec.disks).toEqual([
      { sizeBytes: 20 * GiB, storageDomainId: 'c1:sd1', thin: false, interface: 'virtio_scsi', bootable: true },
      { sizeBytes: 5 * GiB, storageDomainId: 'c1:sd1', thin: true, interface: 'sata', bootable: false },
    ]);
    expect(spec.nics).toEqual([{ name: 'nic1', vnicProfileId: 'c1:p1', interface: 'virtio' }]);
    expect(spec.isoFileId).toBe('debian.iso');
    expect(spec.highAvailability).toEqual({ enabled: false, priority: 1 });
    expect(spec.cloudInit).toEqual({ hostname: 'inst-01.lab', username: 'ops', password: 's3cret!', sshAuthorizedKeys: 'ssh-ed25519 AAAAC3Nza ops@lab', timezone: 'Asia/Shanghai' });
  });

  it('cloud-init fields typed and then switched off are not sent', () => {
    const v: WizardValues = { ...initialValues(choices()), name: 'x1', cloudInit: false, ciPassword: 'typed before' };
    expect(formFieldsOf(v)).not.toHaveProperty('ciPassword');
    expect(createSpecOf(parse(v)).cloudInit).toBeUndefined();
  });

  it('from a libvirt base image: an overlay (not a template), extra disks not bootable, VirtIO disks by default', () => {
    const c = choices(LIBVIRT);
    const base = initialValues(c);
    expect(base.source).toBe('blank');
    expect(base.disks[0]!.interface).toBe('virtio');
    const v: WizardValues = { ...base, name: 'kvm-01', source: 'image', baseImageId: 'c1:/pool/base.qcow2', console: 'vnc' };
    const spec = createSpecOf(parse(v));
    expect(spec).toMatchObject({ baseImageId: 'c1:/pool/base.qcow2', cloneTemplateDisks: false, console: 'vnc' });
    expect(spec.templateId).toBeUndefined();
    expect(spec.disks?.map((d) => d.bootable)).toEqual([false]);
    expect(unsupportedProblem(parse(v), LIBVIRT)).toBeNull();
  });

  it('a base image source without an image is refused by the schema', () => {
    const r = vmCreateSchema.safeParse(formFieldsOf({ ...initialValues(choices(LIBVIRT)), name: 'k', source: 'image' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain('vmWizard.errors.baseImageRequired');
  });
});

describe('checks before the request', () => {
  it('names what the backend cannot do instead of sending it', () => {
    const c = choices(LIBVIRT);
    const input = parse({ ...initialValues(c), name: 'k', cloudInit: true, ciUser: 'ops' });
    expect(unsupportedProblem(input, LIBVIRT)).toEqual({ key: 'vmWizard.unsupported.cloudInit', values: {} });
    expect(unsupportedProblem(parse({ ...initialValues(c), name: 'k', haEnabled: true }), LIBVIRT)?.key).toBe('vmWizard.unsupported.highAvailability');
    expect(unsupportedProblem(parse({ ...initialValues(choices()), name: 'k', source: 'image', baseImageId: 'c1:x' }), OVIRT)?.key).toBe('vmWizard.unsupported.baseImages');
  });

  it('memory no host of the cluster can give, and memory the chosen host cannot give', () => {
    const c = choices();
    const v = { ...initialValues(c), name: 'big' };
    expect(capacityProblem(parse({ ...v, memoryMiB: String(40 * 1024) }), c)).toEqual({
      key: 'vmWizard.capacity.clusterMemory',
      values: { cluster: 'Default', free: 32 * 1024, wanted: 40 * 1024 },
    });
    expect(capacityProblem(parse({ ...v, memoryMiB: String(16 * 1024) }), c)).toBeNull();
    expect(capacityProblem(parse({ ...v, memoryMiB: String(16 * 1024), hostId: 'c1:h2' }), c)).toEqual({
      key: 'vmWizard.capacity.hostMemory',
      values: { host: 'host-02', free: 8 * 1024, wanted: 16 * 1024 },
    });
  });

  it('preallocated disks beyond the free space of their domain, and a domain of another data center', () => {
    const c = choices();
    const v = initialValues(c);
    const row = v.disks[0]!;
    expect(capacityProblem(parse({ ...v, name: 'd', disks: [{ ...row, sizeGiB: '150', thin: true }] }), c)).toBeNull();
    expect(capacityProblem(parse({ ...v, name: 'd', disks: [{ ...row, sizeGiB: '150', thin: false }] }), c)?.key).toBe('vmWizard.capacity.domainSpace');
    expect(capacityProblem(parse({ ...v, name: 'd', disks: [{ ...row, storageDomainId: 'c1:sd2' }] }), c)?.key).toBe('vmWizard.capacity.domainOtherDc');
  });
});
