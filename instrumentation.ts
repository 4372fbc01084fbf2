// Next's instrumentation hook. In this Next version (16) the production server awaits
// register() inside app.prepare() (NextNodeServer.prepareImpl → ensureInstrumentationRegistered),
// and scripts/server.ts awaits app.prepare() before it listens: whatever register() does is
// done before the first request is served. Next itself skips register() during `next build`.

const globalForStartup = globalThis as unknown as { __virtdashStartup?: Promise<void> };

export async function register(): Promise<void> {
  // The import sits inside this exact test so the bundler drops it from the edge build
  // (the startup code needs Node and the database; it also ends the process on failure).
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Next may load this file once per bundle/worker in the same process; the work is per process.
    globalForStartup.__virtdashStartup ??= import('./lib/services/startup').then(({ startupOrExit }) => startupOrExit());
    await globalForStartup.__virtdashStartup;
  }
}
