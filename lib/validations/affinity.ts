import { z } from 'zod';
import type { AffinityRule } from '@/lib/domain';
import { qualifiedIdSchema } from './vm';

/**
 * The affinity forms of a cluster page (issue 19 point 4): groups with a VM rule and a host rule,
 * labels, and their members. One schema per form, parsed in the browser first and again by the
 * server action. Messages are i18n keys under affinity.errors.
 */

const P = 'affinity.errors';

const name = z
  .string({ error: `${P}.nameRequired` })
  .trim()
  .min(1, { error: `${P}.nameRequired` })
  .max(255, { error: `${P}.nameTooLong` })
  // The engine's rule for names: letters, digits, '_', '-', '.'.
  .regex(/^[A-Za-z0-9_.-]+$/, { error: `${P}.nameInvalid` });

export const RULE_MODES = ['off', 'positive', 'negative'] as const;
const ruleMode = z.enum(RULE_MODES, { error: `${P}.ruleInvalid` });
const flag = z
  .union([z.literal('true'), z.literal('false'), z.literal('on'), z.literal('')])
  .optional()
  .transform((v) => v === 'true' || v === 'on');

export function ruleOf(mode: (typeof RULE_MODES)[number], enforcing: boolean): AffinityRule {
  return { enabled: mode !== 'off', positive: mode !== 'negative', enforcing: mode !== 'off' && enforcing };
}

export function modeOf(rule: AffinityRule): (typeof RULE_MODES)[number] {
  return !rule.enabled ? 'off' : rule.positive ? 'positive' : 'negative';
}

const rules = {
  vmsRule: ruleMode,
  vmsEnforcing: flag,
  hostsRule: ruleMode,
  hostsEnforcing: flag,
};

export const affinityGroupCreateSchema = z
  .object({ clusterId: qualifiedIdSchema, name, description: z.string().trim().max(4000).default(''), ...rules })
  .strict();

export const affinityGroupUpdateSchema = z
  .object({ clusterId: qualifiedIdSchema, groupId: qualifiedIdSchema, groupName: z.string().trim().max(255).default(''), ...rules })
  .strict();

export const affinityGroupRemoveSchema = z
  .object({ clusterId: qualifiedIdSchema, groupId: qualifiedIdSchema, groupName: z.string().trim().max(255).default('') })
  .strict();

const member = {
  kind: z.enum(['vm', 'host'], { error: `${P}.memberInvalid` }),
  memberId: z.string({ error: `${P}.memberRequired` }).trim().min(1, { error: `${P}.memberRequired` }).pipe(qualifiedIdSchema),
  memberName: z.string().trim().max(255).default(''),
  op: z.enum(['add', 'remove'], { error: `${P}.memberInvalid` }),
};

export const affinityGroupMemberSchema = z
  .object({ clusterId: qualifiedIdSchema, groupId: qualifiedIdSchema, groupName: z.string().trim().max(255).default(''), ...member })
  .strict();

// A label belongs to the engine, not a cluster: the cluster only says which connection.
export const affinityLabelCreateSchema = z.object({ clusterId: qualifiedIdSchema, name }).strict();

export const affinityLabelRemoveSchema = z
  .object({ labelId: qualifiedIdSchema, labelName: z.string().trim().max(255).default('') })
  .strict();

export const affinityLabelMemberSchema = z
  .object({ labelId: qualifiedIdSchema, labelName: z.string().trim().max(255).default(''), ...member })
  .strict();

/** A VM's page: join or leave a group of its cluster (the cluster is the VM's own, read by the service). */
export const vmAffinityGroupSchema = z
  .object({ vmId: qualifiedIdSchema, vmName: z.string().trim().max(255).default(''), groupId: z.string({ error: `${P}.groupRequired` }).trim().min(1, { error: `${P}.groupRequired` }).pipe(qualifiedIdSchema), groupName: z.string().trim().max(255).default(''), op: member.op })
  .strict();

/** A VM's page: take or drop a label. */
export const vmAffinityLabelSchema = z
  .object({ vmId: qualifiedIdSchema, vmName: z.string().trim().max(255).default(''), labelId: z.string({ error: `${P}.labelRequired` }).trim().min(1, { error: `${P}.labelRequired` }).pipe(qualifiedIdSchema), labelName: z.string().trim().max(255).default(''), op: member.op })
  .strict();
