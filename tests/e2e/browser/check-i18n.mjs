#!/usr/bin/env node
// Every text of the web application exists in English and Dutch (issue 7): each
// defineMessages({en: {...}, nl: {...}}) block under clients/web/src must have the same keys in
// both languages. Run by run.mjs before the browser scenarios; exits 1 and lists the keys
// missing in one language.
//
//   node tests/e2e/browser/check-i18n.mjs [clients/web/src]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const root = process.argv[2] ?? new URL('../../../clients/web/src', import.meta.url).pathname;
const files = [];
(function walk(d) { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.(tsx?|ts)$/.test(f)) files.push(p); } })(root);
let problems = 0;
let blocks = 0;
// crude parser: find "defineMessages({" then find top-level en: { ... } and nl: { ... } blocks by brace matching
function block(src, start) { // src[start] === '{'
  let depth = 0, i = start, inStr = null;
  for (; i < src.length; i++) {
    const c = src[i];
    if (inStr) { if (c === '\\') { i++; continue; } if (c === inStr) inStr = null; continue; }
    if (c === "'" || c === '"' || c === '`') { inStr = c; continue; }
    if (c === '{') depth++;
    else if (c === '}') { depth--; if (!depth) return [start, i]; }
  }
}
function keys(body) { // top-level keys in object body
  const ks = new Set(); let depth = 0, inStr = null, i = 0;
  const re = /^\s*([A-Za-z_$][\w$]*|'[^']*'|"[^"]*")\s*:/;
  let expectKey = true;
  for (; i < body.length; i++) {
    const c = body[i];
    if (inStr) { if (c === '\\') { i++; continue; } if (c === inStr) inStr = null; continue; }
    if (depth === 0 && expectKey) { const m = re.exec(body.slice(i)); if (m) { ks.add(m[1].replace(/['"]/g, '')); i += m[0].length - 1; expectKey = false; continue; } }
    if (c === "'" || c === '"' || c === '`') { inStr = c; continue; }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) expectKey = true;
  }
  return ks;
}
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  let idx = 0;
  while ((idx = src.indexOf('defineMessages(', idx)) >= 0) {
    const open = src.indexOf('{', idx);
    const [s, e] = block(src, open);
    const body = src.slice(s + 1, e);
    blocks++;
    const langs = {};
    for (const lang of ['en', 'nl']) {
      const m = new RegExp(`(^|[\\s,{])${lang}\\s*:\\s*\\{`).exec(body);
      if (!m) { console.log(`${f}: no ${lang} block`); problems++; continue; }
      const bs = m.index + m[0].length - 1;
      const [b0, b1] = block(body, bs);
      langs[lang] = keys(body.slice(b0 + 1, b1));
    }
    if (langs.en && langs.nl) {
      for (const k of langs.en) if (!langs.nl.has(k)) { console.log(`${f}: en key without nl: ${k}`); problems++; }
      for (const k of langs.nl) if (!langs.en.has(k)) { console.log(`${f}: nl key without en: ${k}`); problems++; }
    }
    idx = e;
  }
}
if (!blocks) { console.log(`no defineMessages blocks found under ${root}`); problems++; }
console.log(`i18n: ${blocks} message blocks, ${problems} problems`);
process.exit(problems ? 1 : 0);
