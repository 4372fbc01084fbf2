import type { ActionState } from '@/lib/actions/types';

export type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;
