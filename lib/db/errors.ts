// "That row already exists", however it reaches us. Prisma reports a unique-constraint violation as
// P2002 with @prisma/adapter-pg, but the PGlite driver adapter passes PostgreSQL's own error
// through as a DriverAdapterError whose cause carries SQLSTATE 23505 and no Prisma code: a check
// for P2002 alone missed every duplicate on the embedded database.
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { code?: unknown }).code === 'P2002') return true;
  const cause = (error as { cause?: { kind?: unknown; code?: unknown } }).cause;
  return cause?.kind === 'UniqueConstraintViolation' || cause?.code === '23505';
}
