// Starts the simulated Keystone + Cinder as a separate process, like the demo engine
// (scripts/demo-engine.ts): the dashboard reaches it over HTTP on loopback exactly as it
// would a real cloud, and none of it sits in the production request path.
import { randomPassword, startFakeProcess } from './fake-process';

export interface DemoCinderProcess {
  /** The Keystone v3 URL with the project, as a Cinder connection stores it. */
  url: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

export async function startDemoCinder(options: { port?: string; timeScale?: string; maxVersion?: string } = {}): Promise<DemoCinderProcess> {
  const username = 'admin';
  const password = randomPassword();
  const cloud = await startFakeProcess({
    label: 'the demo Cinder',
    script: 'fakes/cinder/main.ts',
    args: [
      ...['--host', '127.0.0.1', '--port', options.port || '0', '--time-scale', options.timeScale || '1', '--admin-user', username],
      // An older cloud, to see what the pages hide below the microversion a feature needs.
      ...(options.maxVersion ? ['--max-version', options.maxVersion] : []),
    ],
    env: { CINDER_FAKE_ADMIN_PASSWORD: password },
    readyWord: 'CINDER_FAKE_LISTENING',
  });
  // The seeded project is "demo" in the Default domain (fakes/cinder/store.ts).
  return { url: `${cloud.address}?project=demo`, username, password, stop: cloud.stop };
}
