// Every server entry point the build has, found from the source (for the authorization sweep,
// test/db/authz-sweep.test.ts). Read with the TypeScript parser, not a regular expression, so a
// licence comment before 'use server', a directive inside a function, or the words 'use server'
// in a string are all told apart exactly as Next.js tells them apart.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface InlineServerFunction {
  file: string;
  /** The function's name, or `<anonymous>`, with its line: `name@line`. */
  name: string;
}

export interface EntryPoints {
  /** Files whose directive prologue says 'use server': every export is a server action. */
  actionFiles: string[];
  /** Functions whose own body starts with 'use server' (server actions defined inline). */
  inline: InlineServerFunction[];
  /** Route handler files anywhere under app/ (route.ts, route.js…). */
  routeFiles: string[];
}

/** What is not part of the build: dependencies, build output, tests and their fixtures. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'test', 'e2e', 'coverage', 'playwright-report', 'test-results']);
const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const ROUTE = /^route\.(ts|tsx|js|jsx|mjs)$/;

function walk(dir: string, root: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.next') || (dir === root && e.name.startsWith('.')) ? [] : walk(p, root);
    return SOURCE.test(e.name) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The string directives at the start of a block or file; comments before them are trivia. */
function directives(statements: ts.NodeArray<ts.Statement>): string[] {
  const out: string[] = [];
  for (const s of statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) break;
    out.push(s.expression.text);
  }
  return out;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
  return '<anonymous>';
}

export function findEntryPoints(root: string): EntryPoints {
  const result: EntryPoints = { actionFiles: [], inline: [], routeFiles: [] };
  for (const abs of walk(root, root)) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const text = fs.readFileSync(abs, 'utf8');
    if (file.startsWith('app/') && ROUTE.test(path.basename(file))) result.routeFiles.push(file);
    if (!text.includes('use server')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    if (directives(source.statements).includes('use server')) result.actionFiles.push(file);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body && ts.isBlock(node.body as ts.Node) && directives((node.body as ts.Block).statements).includes('use server')) {
        result.inline.push({ file, name: `${functionName(node)}@${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const list of [result.actionFiles, result.routeFiles]) list.sort();
  return result;
}
