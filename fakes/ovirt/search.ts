/**
 * The engine's search language, the subset people actually type:
 *   [Vms:] name=web* and status=up or cluster=prod  sortby name desc  page 2
 * - `field op value` with =, !=, <, >, <=, >=; `*` is a wildcard; values may be "quoted";
 * - a bare word is free text (matches the name, substring, case-insensitive);
 * - `and` binds tighter than `or` (there are no parentheses in the engine's grammar);
 * - `sortby FIELD [asc|desc]` and `page N` (1-based, used with the `max` URL parameter).
 * String comparisons are case-insensitive, as in the engine (it uses ILIKE).
 */
import { badRequest } from './errors';

export type Op = '=' | '!=' | '<' | '>' | '<=' | '>=';
export interface Condition { field: string | null; op: Op; value: string }
export interface Query { where: Condition[][]; sort: { field: string; desc: boolean } | null; page: number | null }

type Token = { t: 'word'; v: string; quoted: boolean } | { t: 'op'; v: Op };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') { out.push({ t: 'op', v: two }); i += 2; continue; }
    if (c === '=' || c === '<' || c === '>') { out.push({ t: 'op', v: c }); i++; continue; }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw badRequest(`Search query is not valid: unterminated quote in "${text}"`);
      out.push({ t: 'word', v: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s=<>!"']/.test(text[j])) j++;
    if (j === i) throw badRequest(`Search query is not valid: unexpected '${c}' in "${text}"`);
    out.push({ t: 'word', v: text.slice(i, j), quoted: false });
    i = j;
  }
  return out;
}

const isKw = (tok: Token | undefined, kw: string): boolean =>
  !!tok && tok.t === 'word' && !tok.quoted && tok.v.toLowerCase() === kw;

export function parseSearch(text: string): Query {
  let src = text.trim();
  // Optional "Vms:" / "Hosts :" prefix naming the searched type.
  const prefix = /^[A-Za-z]+\s*:\s*/.exec(src);
  if (prefix) src = src.slice(prefix[0].length);
  const toks = tokenize(src);
  const q: Query = { where: [], sort: null, page: null };
  let group: Condition[] = [];
  let i = 0;
  while (i < toks.length) {
    const tok = toks[i];
    if (isKw(tok, 'sortby')) {
      const f = toks[i + 1];
      if (!f || f.t !== 'word') throw badRequest(`Search query is not valid: sortby needs a field in "${text}"`);
      let desc = false;
      i += 2;
      if (isKw(toks[i], 'asc')) i++;
      else if (isKw(toks[i], 'desc')) { desc = true; i++; }
      q.sort = { field: f.v.toLowerCase(), desc };
      continue;
    }
    if (isKw(tok, 'page')) {
      const n = toks[i + 1];
      const page = n && n.t === 'word' ? Number(n.v) : NaN;
      if (!Number.isInteger(page) || page < 1) throw badRequest(`Search query is not valid: page needs a positive number in "${text}"`);
      q.page = page;
      i += 2;
      continue;
    }
    if (isKw(tok, 'and')) { i++; continue; }
    if (isKw(tok, 'or')) {
      if (group.length) q.where.push(group);
      group = [];
      i++;
      continue;
    }
    if (tok.t === 'op') throw badRequest(`Search query is not valid: unexpected '${tok.v}' in "${text}"`);
    const next = toks[i + 1];
    if (next && next.t === 'op') {
      const value = toks[i + 2];
      if (!value || value.t !== 'word') throw badRequest(`Search query is not valid: missing value after '${tok.v}${next.v}' in "${text}"`);
      group.push({ field: tok.v.toLowerCase(), op: next.v, value: value.v });
      i += 3;
    } else {
      group.push({ field: null, op: '=', value: tok.v });
      i++;
    }
  }
  if (group.length) q.where.push(group);
  return q;
}

/** How one searchable field reads an object. Arrays match if any element matches. */
export interface FieldDef<T> {
  get: (row: T) => string | number | boolean | null | undefined | (string | number)[];
  /** Ordered enum (e.g. severity): comparisons use the rank, not the text. */
  rank?: readonly string[];
}
export type Fields<T> = Record<string, FieldDef<T>>;

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function matchOne(actual: string | number | boolean | null | undefined, c: Condition, def: FieldDef<unknown>): boolean {
  if (actual == null) return c.op === '!=';
  if (typeof actual === 'boolean') actual = String(actual);
  if (def.rank) {
    const a = def.rank.indexOf(String(actual).toLowerCase());
    const b = def.rank.indexOf(c.value.toLowerCase());
    if (b < 0) throw badRequest(`Search query is not valid: '${c.value}' is not a valid value for '${c.field}'`);
    return cmpOp(a - b, c.op);
  }
  if (c.op === '=' || c.op === '!=') {
    const eq = typeof actual === 'number' && !c.value.includes('*') ? actual === Number(c.value) : globToRegExp(c.value).test(String(actual));
    return c.op === '=' ? eq : !eq;
  }
  const v = typeof actual === 'number' ? Number(c.value) : c.value;
  if (typeof actual === 'number' && Number.isNaN(v)) throw badRequest(`Search query is not valid: '${c.value}' is not a number for '${c.field}'`);
  return cmpOp(compare(actual, v), c.op);
}

function cmpOp(d: number, op: Op): boolean {
  switch (op) {
    case '=': return d === 0;
    case '!=': return d !== 0;
    case '<': return d < 0;
    case '>': return d > 0;
    case '<=': return d <= 0;
    case '>=': return d >= 0;
  }
}

/**
 * Compile a query into a predicate and a comparator for one collection. Unknown fields are a
 * 400, as on the engine, so a typo is never silently "no results".
 */
export function compileSearch<T>(q: Query, fields: Fields<T>, collection: string, freeText: (row: T) => string[]) {
  const groups = q.where.map((group) => group.map((c) => {
    if (c.field === null) {
      const needle = c.value.toLowerCase().replace(/\*/g, '');
      return (row: T) => freeText(row).some((s) => s.toLowerCase().includes(needle));
    }
    const def = fields[c.field];
    if (!def) throw badRequest(`Search query is not valid: unknown field '${c.field}' for ${collection}. Known fields: ${Object.keys(fields).join(', ')}`);
    return (row: T) => {
      const v = def.get(row);
      if (Array.isArray(v)) return c.op === '!=' ? v.every((x) => matchOne(x, c, def as FieldDef<unknown>)) : v.some((x) => matchOne(x, c, def as FieldDef<unknown>));
      return matchOne(v, c, def as FieldDef<unknown>);
    };
  }));
  const predicate = groups.length ? (row: T) => groups.some((g) => g.every((p) => p(row))) : null;
  let comparator: ((a: T, b: T) => number) | null = null;
  if (q.sort) {
    const def = fields[q.sort.field];
    if (!def) throw badRequest(`Search query is not valid: cannot sort ${collection} by unknown field '${q.sort.field}'`);
    const sign = q.sort.desc ? -1 : 1;
    const key = (row: T) => {
      const v = def.get(row);
      const one = Array.isArray(v) ? v[0] : v;
      if (def.rank && one != null) return def.rank.indexOf(String(one));
      return typeof one === 'boolean' ? String(one) : one ?? '';
    };
    comparator = (a, b) => sign * compare(key(a), key(b));
  }
  return { predicate, comparator };
}
