/** An engine fault: rendered as `{"reason","detail"}` with the HTTP status. */
export class Fault extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly reason = 'Operation Failed',
  ) {
    super(detail);
  }
}

/** 409 with the engine's validation wording, which it wraps in square brackets. */
export const conflict = (message: string): Fault => new Fault(409, `[${message}]`);
export const badRequest = (detail: string, reason = 'Operation Failed'): Fault => new Fault(400, detail, reason);
export const notFound = (what = ''): Fault => new Fault(404, `Entity not found: ${what}`);
export const forbidden = (): Fault => new Fault(403, '[User is not authorized to perform this action.]');
/** What the REST layer answers when a mandatory attribute is missing from an add/action body. */
export const incomplete = (type: string, fields: string, op = 'add'): Fault =>
  new Fault(400, `${type} [${fields}] required for ${op}`, 'Incomplete parameters');

/**
 * A refusal the REST layer answers as plain text, not as a fault document: the engine's
 * BackendVmResource throws a WebApplicationException with a bare message for some checks
 * (global maintenance asked of a VM that is not the hosted engine).
 */
export class PlainFault extends Fault {}
