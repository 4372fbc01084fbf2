// A lock by name that holds across every dashboard instance on one PostgreSQL: a session-level
// advisory lock on a connection of its own, held while `fn` runs. For work that checks the
// database and then calls a backend (a quota check, then the VM or volume it allows): too slow to
// keep a transaction open over, and a check each instance made alone would let two instances both
// fit into the last free place. A killed instance's connection dies with it, and so does its lock.
// The embedded database belongs to one process: there the callers' in-process queue is the lock.
import pg from 'pg';
import { databaseTarget, type DatabaseTarget } from './target';

// The advisory lock's class (its first key); any fixed number, distinct from the other locks'.
const NAMED_LOCK_CLASS = 730_195;

export async function withNamedLock<T>(names: string[], fn: () => Promise<T>, target: DatabaseTarget = databaseTarget()): Promise<T> {
  if (target.kind === 'pglite' || names.length === 0) return fn();
  const client = new pg.Client({ connectionString: target.url });
  // A broken connection while waiting must fail the call, not crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    // Always in one order, so two holders of overlapping sets cannot wait on each other.
    for (const name of [...new Set(names)].sort()) await client.query('SELECT pg_advisory_lock($1::int4, hashtext($2))', [NAMED_LOCK_CLASS, name]);
    return await fn();
  } finally {
    // Ending the session releases whatever it holds.
    await client.end().catch(() => {});
  }
}
