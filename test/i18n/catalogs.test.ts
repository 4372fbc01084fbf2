import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import { listSources } from './sources';
import zh from '@/messages/zh-CN.json';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(obj: unknown, prefix = ''): [string, string][] {
  if (typeof obj === 'string') return [[prefix, obj]];
  return Object.entries(obj as object).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have exactly the same keys in English and Simplified Chinese', () => {
    const enKeys = keys(en).sort();
    const zhKeys = keys(zh).sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k)), 'only in zh-CN').toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k)), 'only in en').toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const zhMap = new Map(leaves(zh));
    const mismatched = leaves(en).filter(([k, v]) => zhMap.has(k) && placeholders(v).join() !== placeholders(zhMap.get(k)!).join());
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('are really translated: Chinese strings are not copies of the English ones', () => {
    const zhMap = new Map(leaves(zh));
    // Product names, language names and pure symbols legitimately stay the same.
    const same = leaves(en).filter(([k, v]) => zhMap.get(k) === v && /[a-z]{3,}/i.test(v.replace(/\{[^}]*\}/g, '')));
    const allowed = new Set(['app.name', 'preferences.locales.en', 'preferences.locales.zh-CN']);
    expect(same.map(([k]) => k).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('English has no Chinese, Japanese or Korean text (except the name of the Chinese language itself)', () => {
    // CJK ideographs, kana, hangul and full-width forms: a zh-CN string pasted into en.json shows
    // untranslated to every English reader.
    const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/;
    const allowed = new Set(['preferences.locales.zh-CN']);
    expect(leaves(en).filter(([k, v]) => cjk.test(v) && !allowed.has(k)).map(([k]) => k)).toEqual([]);
  });

  it('sizes are written with unit symbols (GiB) in every language, never spelt out as words', () => {
    // One size formatter (components/ui/format.ts) writes "4 GiB" in Chinese too, as Horizon's and
    // oVirt's zh_CN catalogs do; a catalog word such as 吉字节 made the same size read two ways.
    expect(leaves(zh).filter(([, v]) => /吉字节|千兆字节|兆字节/.test(v)).map(([k]) => k)).toEqual([]);
  });

  it('has no empty strings', () => {
    expect(leaves(en).filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    expect(leaves(zh).filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it('every statically named key used in the code exists', () => {
    const files = listSources(['app', 'components', 'lib/actions']);
    const missing: string[] = [];
    const flat = new Set(keys(en));
    for (const file of files) {
      const src = fs.readFileSync(file, 'utf8');
      // A file may use several namespaces; a key is fine when it exists under one of them.
      const namespaces = new Set([...src.matchAll(/(?:useTranslations|getTranslations)\(\s*'([\w.]+)'\s*\)/g)].map((m) => m[1]));
      for (const m of src.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        const key = m[1];
        const candidates = [key, ...[...namespaces].map((ns) => `${ns}.${key}`)];
        if (!candidates.some((c) => flat.has(c) || [...flat].some((f) => f.startsWith(`${c}.`)))) {
          missing.push(`${path.relative(process.cwd(), file)}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
