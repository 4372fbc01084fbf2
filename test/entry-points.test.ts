import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEntryPoints } from './entry-points';

/** Writes a small source tree and returns its root. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-points-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('server entry points the sweep must cover', () => {
  it('finds action files anywhere, with comments before the directive, inline server functions and route handlers anywhere under app/', () => {
    const root = tree({
      'app/(admin)/vms/actions.ts': "'use server';\nexport async function a() {}\n",
      'lib/actions/vms.ts': '"use server";\nexport const b = async () => {};\n',
      'lib/deep/licensed.ts': "// SPDX-License-Identifier: MIT\n/* a block comment too */\n\n'use strict';\n'use server';\nexport async function c() {}\n",
      'components/form.tsx': "export function Form() {\n  async function save(data: FormData) {\n    'use server';\n    void data;\n  }\n  const drop = async () => {\n    // why\n    'use server';\n  };\n  return null;\n}\n",
      'app/api/x/route.ts': 'export async function GET() {}\n',
      'app/(portal)/portal/feed/route.ts': 'export async function GET() {}\n',
      'app/hooks/route.js': 'export async function POST() {}\n',
      // Not entry points: the words in a string or after code, a test file, a test directory, a route outside app/.
      'lib/not-a-directive.ts': "const s = 'use server';\nexport const t = s;\n",
      'lib/late.ts': "export const x = 1;\n'use server';\n",
      'lib/x.test.ts': "'use server';\nexport async function d() {}\n",
      'test/helper.ts': "'use server';\nexport async function e() {}\n",
      'lib/route.ts': 'export async function GET() {}\n',
    });
    const found = findEntryPoints(root);
    expect(found.actionFiles).toEqual(['app/(admin)/vms/actions.ts', 'lib/actions/vms.ts', 'lib/deep/licensed.ts']);
    expect(found.inline).toEqual([
      { file: 'components/form.tsx', name: 'save@2' },
      { file: 'components/form.tsx', name: 'drop@6' },
    ]);
    expect(found.routeFiles).toEqual(['app/(portal)/portal/feed/route.ts', 'app/api/x/route.ts', 'app/hooks/route.js']);
  });
});
