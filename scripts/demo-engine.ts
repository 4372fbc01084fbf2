// Starts the simulated oVirt engine as a separate process, so the dashboard reaches it over
// HTTP like any real engine and it stays out of the production request path.
import { randomPassword, startFakeProcess } from './fake-process';

export interface DemoEngineProcess {
  url: string;
  username: string;
  password: string;
  /** The port of the engine's serial console proxy (SSH), on the engine's host. */
  serialConsolePort?: number;
  stop(): Promise<void>;
}

export async function startDemoEngine(options: { size?: string } = {}): Promise<DemoEngineProcess> {
  const username = 'admin@internal';
  const password = randomPassword();
  // A self-service user of the engine, so the demo VMs have owners (desk-user1-01, web-03, …:
  // the user holds UserVmManager on them) and the VM list's owner filter finds something. Nobody
  // signs in as this user, so its password is random too.
  const engine = await startFakeProcess({
    label: 'the demo engine',
    script: 'fakes/ovirt/main.ts',
    args: ['--port', String(process.env.DEMO_ENGINE_PORT || 0), '--size', options.size || 'demo', '--admin-user', username, '--user', 'user1@internal', '--rfb-port', '0', '--vmconsole-port', String(process.env.DEMO_VMCONSOLE_PORT || 0)],
    env: { OVIRT_FAKE_ADMIN_PASSWORD: password, OVIRT_FAKE_USER_PASSWORD: randomPassword() },
    readyWord: 'OVIRT_ENGINE_LISTENING',
  });
  // Its serial console proxy listens beside it, on a free port rather than the real 2222.
  const proxy = engine.announced.OVIRT_VMCONSOLE_PROXY_LISTENING;
  const serialConsolePort = proxy ? Number(proxy.slice(proxy.lastIndexOf(':') + 1)) : undefined;
  return { url: engine.address, username, password, serialConsolePort, stop: engine.stop };
}
