import { describe, expect, it } from 'vitest';
import { complete, reserve, release, toConnection, SERVICE_ROLE_NEEDED, type CinderCalls } from './attachments';
import type { Json } from './json';

const connector = { host: 'kvm1', ip: '127.0.0.1', initiator: 'iqn.2026-01.io.virtdash:kvm1' };

describe('Cinder connection info → the connection a hypervisor opens', () => {
  it('reads rbd connection info flat (attachments API) with monitors, user and secret', () => {
    expect(
      toConnection({
        driver_volume_type: 'rbd', name: 'volumes/volume-1', hosts: ['10.0.0.1', '10.0.0.2'], ports: ['6789', '3300'],
        auth_enabled: true, auth_username: 'cinder', secret_type: 'ceph', secret_uuid: '5eed0000-cef0-4000-8000-0000000000cb', discard: true,
      }),
    ).toEqual({
      protocol: 'rbd', name: 'volumes/volume-1', discard: true,
      monitors: [{ host: '10.0.0.1', port: 6789 }, { host: '10.0.0.2', port: 3300 }],
      auth: { username: 'cinder', secretUuid: '5eed0000-cef0-4000-8000-0000000000cb' },
    });
  });

  it('reads the nested form of os-initialize_connection, and iscsi with CHAP', () => {
    expect(
      toConnection({
        driver_volume_type: 'iscsi',
        data: { target_portal: '192.0.2.5:3260', target_iqn: 'iqn.2010-10.org.openstack:volume-1', target_lun: 1, auth_method: 'CHAP', auth_username: 'u', auth_password: 'p' },
      }),
    ).toEqual({ protocol: 'iscsi', portal: { host: '192.0.2.5', port: 3260 }, iqn: 'iqn.2010-10.org.openstack:volume-1', lun: 1, chap: { username: 'u', password: 'p' }, discard: false });
  });

  it('names any other transport by Cinder\u2019s own driver type', () => {
    expect(toConnection({ driver_volume_type: 'fibre_channel', data: {} })).toEqual({ protocol: 'unsupported', driverType: 'fibre_channel' });
  });
});

function recorder(version: string, isService: boolean) {
  const sent: Array<{ method: string; path: string; body?: unknown; asService?: boolean }> = [];
  const calls: CinderCalls = {
    version: async () => version,
    isService: async () => isService,
    post: async (path, body, opts) => {
      sent.push({ method: 'POST', path, body, asService: opts?.asService });
      if (path === '/attachments') return { attachment: { id: 'a1', connection_info: { driver_volume_type: 'rbd', name: 'volumes/v', hosts: ['h'], ports: ['1'] } } } as Json;
      if (path.endsWith('/action') && body && typeof body === 'object' && 'os-initialize_connection' in body) {
        return { connection_info: { driver_volume_type: 'rbd', data: { name: 'volumes/v', hosts: ['h'], ports: ['1'] } } } as Json;
      }
      return {};
    },
    put: async (path, body) => {
      sent.push({ method: 'PUT', path, body });
      return {};
    },
    remove: async (path, opts) => {
      sent.push({ method: 'DELETE', path, asService: opts?.asService });
    },
  };
  return { calls, sent };
}

describe('the attachment flows Cinder offers', () => {
  it('from 3.44: one POST /attachments with the connector; DELETE with the service token', async () => {
    const { calls, sent } = recorder('3.64', true);
    const grant = await reserve(calls, 'v', 'vm-uuid', connector);
    expect(grant.attachmentId).toBe('a1');
    expect(sent[0]).toMatchObject({ path: '/attachments', body: { attachment: { volume_uuid: 'v', instance_uuid: 'vm-uuid', mode: 'rw', connector: { host: 'kvm1', initiator: connector.initiator } } } });
    // Complete names the device the VM got (Cinder's mountpoint), then marks the attachment complete.
    await complete(calls, 'v', 'a1', 'vm-uuid', 'sdb', connector);
    expect(sent[1]).toMatchObject({ method: 'PUT', path: '/attachments/a1', body: { attachment: { connector: { host: 'kvm1', mountpoint: '/dev/sdb' } } } });
    expect(sent[2]).toMatchObject({ method: 'POST', path: '/attachments/a1/action', body: { 'os-complete': null } });
    await release(calls, 'v', 'a1', connector, true);
    expect(sent[3]).toEqual({ method: 'DELETE', path: '/attachments/a1', asService: true });
  });

  it('below 3.44: os-reserve, os-initialize_connection; os-terminate_connection then os-unreserve for one never completed', async () => {
    const { calls, sent } = recorder('3.27', true);
    const grant = await reserve(calls, 'v', 'vm-uuid', connector);
    expect(grant).toMatchObject({ attachmentId: '', connection: { protocol: 'rbd', name: 'volumes/v' } });
    expect(sent.map((s) => Object.keys(s.body as object)[0])).toEqual(['os-reserve', 'os-initialize_connection']);
    await release(calls, 'v', '', connector, false);
    expect(sent.slice(2).map((s) => [Object.keys(s.body as object)[0], s.asService])).toEqual([['os-terminate_connection', true], ['os-unreserve', true]]);
  });

  it('refuses before reserving anything when the identity could not detach it again', async () => {
    const { calls, sent } = recorder('3.64', false);
    await expect(reserve(calls, 'v', 'vm-uuid', connector)).rejects.toMatchObject({ code: 'forbidden', detail: SERVICE_ROLE_NEEDED });
    expect(sent).toEqual([]);
  });
});
