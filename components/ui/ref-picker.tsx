'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import type { Ref } from '@/lib/domain';

/**
 * A select of named objects and the button that takes the chosen one (join a group, add a member,
 * take a label); it forgets the choice once taken. With `empty`, no choices say so in words
 * instead of showing a select with nothing in it.
 */
export function RefPicker({ testId, label, button, choices, empty, pending, onPick }: {
  testId?: string;
  label: string;
  button: string;
  choices: Ref[];
  empty?: string;
  pending: boolean;
  onPick: (ref: Ref) => void;
}) {
  const [pick, setPick] = useState('');
  if (choices.length === 0 && empty !== undefined) return <p className="text-xs text-slate-500" data-testid={testId}>{empty}</p>;
  return (
    <div className="flex items-end gap-2" data-testid={testId}>
      <Select aria-label={label} value={pick} onChange={(e) => setPick(e.target.value)}>
        <option value="">{label}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name ?? c.id}
          </option>
        ))}
      </Select>
      <Button
        type="button"
        size="sm"
        variant="secondary"
        disabled={pending || !pick}
        onClick={() => {
          const ref = choices.find((c) => c.id === pick);
          if (ref) onPick(ref);
          setPick('');
        }}
      >
        {button}
      </Button>
    </div>
  );
}
