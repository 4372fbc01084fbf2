import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { listSources } from './sources';

// ESLint's react/jsx-no-literals catches text between tags; this also catches the attributes
// a user reads or hears (placeholder, title, aria-label, alt…), which that rule cannot single out.
const VISIBLE_ATTRIBUTES = new Set(['placeholder', 'title', 'aria-label', 'alt', 'label', 'aria-description', 'aria-placeholder']);
const SYMBOLS_ONLY = /^[\s\p{P}\p{S}\d]*$/u;

function findLiterals(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = src.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${path.relative(process.cwd(), file)}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && !SYMBOLS_ONLY.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(src)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init.text
        : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))
          ? init.expression.text
          : null;
      if (literal !== null && !SYMBOLS_ONLY.test(literal)) report(node, literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('UI text', () => {
  it('comes from the message catalogs, never literal strings in components', () => {
    const files = listSources(['app', 'components']).filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(findLiterals)).toEqual([]);
  });

  it('the check itself finds a literal', () => {
    const tmp = path.join(fs.mkdtempSync('/tmp/literals-'), 'x.tsx');
    fs.writeFileSync(tmp, 'export const X = () => <div title="Hello there"><p>Plain words</p>{"ok"}</div>;');
    expect(findLiterals(tmp)).toHaveLength(2);
  });
});
