import { beforeEach } from 'vitest';

// A BackendError's message is the product's plain words ("libvirt reported an error."); the
// backend's own words, which say what actually went wrong ("Unable to find 'dnsmasq' binary in
// $PATH"), are in its detail, which Vitest's failure report does not show. Appended here so a
// failing test names the cause. (Errors reach this hook already serialized, own fields kept.)
beforeEach(({ onTestFailed }) => {
  onTestFailed(({ task }) => {
    for (const error of task.result?.errors ?? []) {
      const { detail, code, status } = error as { detail?: unknown; code?: unknown; status?: unknown };
      if (error.name !== 'BackendError' || typeof detail !== 'string' || !detail) continue;
      const said = `[${String(code)}${status ? ` ${String(status)}` : ''}] the backend said: ${detail}`;
      error.message = `${error.message} ${said}`;
      if (error.stack) error.stack = error.stack.replace(/^(.*)$/m, `$1 ${said}`);
    }
  });
});
