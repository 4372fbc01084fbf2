import fs from 'node:fs';
import path from 'node:path';

/** The app's own .ts/.tsx sources below the given folders, tests excluded. */
export function listSources(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
    }
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  return out;
}
