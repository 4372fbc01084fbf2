'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * While an object is between states (a host installing, a domain locked while it attaches), the
 * server-rendered panel re-reads every `ms` so the operator sees each step; it stops once the state
 * settles, leaving the engine alone.
 */
export function RefreshWhile({ active, ms = 2000 }: { active: boolean; ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, ms);
    return () => clearInterval(timer);
  }, [router, ms, active]);
  return null;
}
