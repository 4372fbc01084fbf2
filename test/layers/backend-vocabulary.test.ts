import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from '../i18n/sources';

/**
 * Backend vocabulary stays inside the adapters (lib/backends/<kind>/): everything above them speaks
 * lib/domain. A status word only one service spells this way, written as a string anywhere above
 * lib/backends, means a page or service is reading the service's own word again instead of the
 * neutral state the adapter mapped it to.
 */
const CINDER_STATUS_WORDS = [
  'in-use',
  'error_deleting',
  'error_extending',
  'error_restoring',
  'error_managing',
  'error_backing-up',
  'error_backing_up',
  'backing-up',
  'restoring-backup',
  'awaiting-transfer',
];

const ABOVE_BACKENDS = ['app', 'components', 'lib'].map((d) => path.join(process.cwd(), d));
const BACKENDS = path.join(process.cwd(), 'lib', 'backends') + path.sep;

/** Each quoted occurrence ('…', "…", `…`) of a word in the files, as file:line: word. */
function quotedUses(words: readonly string[], files: string[]): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`(['"\`])(${words.map((w) => w.replace(/[-_]/g, (c) => `\\${c}`)).join('|')})\\1`, 'g');
  for (const file of files) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(pattern)) found.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${m[2]}`);
      });
  }
  return found;
}

describe('backend vocabulary above lib/backends', () => {
  it("no Cinder status word outside the Cinder adapter (components and services speak lib/domain's volume states)", () => {
    const above = listSources(ABOVE_BACKENDS).filter((file) => !file.startsWith(BACKENDS));
    expect(quotedUses(CINDER_STATUS_WORDS, above)).toEqual([]);
  });

  it('the check finds the words where they belong: the Cinder adapter maps them', () => {
    const adapter = quotedUses(CINDER_STATUS_WORDS, listSources([path.join(BACKENDS, 'cinder')])).map((use) => use.split(': ')[1]);
    expect(adapter).toEqual(expect.arrayContaining(['in-use', 'backing-up', 'error_backing-up', 'awaiting-transfer']));
  });
});
