/** Badge tones and the "is it still moving" test for Cinder's status words. */
import { isVolumeTransient } from '@/lib/domain/volumes';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function volumeTone(nativeStatus: string): Tone {
  if (nativeStatus === 'available') return 'good';
  if (nativeStatus === 'in-use') return 'info';
  if (nativeStatus.startsWith('error')) return 'bad';
  if (isVolumeTransient(nativeStatus)) return 'warn';
  return 'neutral';
}

/** Status words we have a sentence for (others are shown as Cinder spells them). */
export const KNOWN_STATUSES = [
  'creating',
  'available',
  'reserved',
  'attaching',
  'detaching',
  'in-use',
  'maintenance',
  'deleting',
  'awaiting-transfer',
  'error',
  'error_deleting',
  'backing-up',
  'restoring-backup',
  'error_backing-up',
  'error_restoring',
  'error_extending',
  'downloading',
  'uploading',
  'retyping',
  'extending',
  'reverting',
  'restoring',
] as const;

export const EXPLAINED_ERRORS = ['error', 'error_deleting', 'error_extending', 'error_restoring', 'error_backing-up'] as const;

/** Snapshot words that change on their own (restoring: the volume is being reverted to it). */
export function isSnapshotTransient(nativeStatus: string): boolean {
  return ['creating', 'deleting', 'restoring', 'unmanaging', 'backing-up'].includes(nativeStatus);
}

export { isVolumeTransient };
