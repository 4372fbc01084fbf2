// Starts one of the wire-level fakes (fakes/*/main.ts) as a separate process and waits for the
// line it prints once it listens, so the dashboard reaches it over the network like a real server.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';

export interface FakeProcess {
  /** What the fake printed after its ready word: its address. */
  address: string;
  /** Other `WORD value` lines it printed before the ready word (addresses of its other servers). */
  announced: Record<string, string>;
  stop(): Promise<void>;
}

/** A fresh password per start: the demo has no default credentials. */
export const randomPassword = (): string => crypto.randomBytes(18).toString('base64url');

export async function startFakeProcess(opts: { label: string; script: string; args: string[]; env: Record<string, string>; readyWord: string }): Promise<FakeProcess> {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), [opts.script, ...opts.args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...opts.env },
  });
  const announced: Record<string, string> = {};
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.label} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${opts.label} exited with code ${code}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, value] = line.split(/\s+/, 2);
      if (word === opts.readyWord && value) {
        clearTimeout(timer);
        resolve(value);
      } else if (/^[A-Z_]+$/.test(word) && value) {
        announced[word] = value;
      }
    });
  });
  return {
    address,
    announced,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
