import type { ActionState } from '@/lib/actions/types';

export type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** What a brick form needs of a host: no more than the browser may see. */
export interface BrickHost {
  id: string;
  name: string;
  up: boolean;
}

export interface GlusterClusterOption {
  id: string;
  name: string;
  connectionName: string;
  hosts: BrickHost[];
}
