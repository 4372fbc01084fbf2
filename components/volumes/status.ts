/** Badge tones of the neutral volume and snapshot states (lib/domain); no service's own words here. */
import type { VolumeSnapshotStatus } from '@/lib/domain/volumes';
import { isSnapshotMoving, isVolumeFailed, isVolumeMoving } from '@/lib/domain/volumes';
import type { VolumeState } from '@/lib/domain';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function volumeTone(state: VolumeState): Tone {
  if (state === 'available') return 'good';
  if (state === 'in_use') return 'info';
  if (isVolumeFailed(state)) return 'bad';
  if (isVolumeMoving(state)) return 'warn';
  return 'neutral';
}

export function snapshotTone(status: VolumeSnapshotStatus): Tone {
  if (status === 'available') return 'good';
  if (status === 'error') return 'bad';
  if (isSnapshotMoving(status)) return 'warn';
  return 'neutral';
}

export { isSnapshotMoving, isVolumeMoving };
