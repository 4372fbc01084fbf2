import { BackendError, type BackendErrorCode } from '../errors';
import { VirErr, type RemoteError } from './protocol';

/** libvirt error numbers → our codes; libvirt's own message is kept as the detail users see. */
const CODE_FOR: Record<number, BackendErrorCode> = {
  [VirErr.NO_DOMAIN]: 'not_found',
  [VirErr.NO_NETWORK]: 'not_found',
  [VirErr.NO_STORAGE_POOL]: 'not_found',
  [VirErr.NO_STORAGE_VOL]: 'not_found',
  [VirErr.NO_DOMAIN_SNAPSHOT]: 'not_found',
  [VirErr.NO_SECRET]: 'not_found',
  [VirErr.OPERATION_INVALID]: 'conflict',
  [VirErr.DOM_EXIST]: 'conflict',
  [VirErr.STORAGE_VOL_EXIST]: 'conflict',
  [VirErr.RESOURCE_BUSY]: 'conflict',
  [VirErr.AUTH_FAILED]: 'auth_failed',
  [VirErr.ACCESS_DENIED]: 'forbidden',
  [VirErr.OPERATION_DENIED]: 'forbidden',
  [VirErr.INVALID_ARG]: 'invalid_input',
  [VirErr.XML_ERROR]: 'invalid_input',
  [VirErr.NO_SUPPORT]: 'invalid_input',
  [VirErr.CONFIG_UNSUPPORTED]: 'invalid_input',
  [VirErr.ARGUMENT_UNSUPPORTED]: 'invalid_input',
  [VirErr.OPERATION_UNSUPPORTED]: 'invalid_input',
  [VirErr.OPERATION_TIMEOUT]: 'timeout',
};

const MESSAGE_FOR: Partial<Record<BackendErrorCode, string>> = {
  not_found: 'The object was not found on the libvirt host.',
  conflict: 'libvirt refused: the object is not in a state that allows this.',
  auth_failed: 'libvirt refused the credentials.',
  forbidden: 'libvirt denied access.',
  invalid_input: 'libvirt refused the request.',
  timeout: 'libvirt did not answer in time.',
};

export function fromRemoteError(error: RemoteError): BackendError {
  const code = CODE_FOR[error.code] ?? 'backend_error';
  return new BackendError(code, MESSAGE_FOR[code] ?? 'libvirt reported an error.', { detail: error.message });
}
