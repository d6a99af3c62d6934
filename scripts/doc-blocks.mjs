// Writes every ```ts block of the given Markdown files to <out>/<file>-<n>.ts, as its own module, for the consumer test
// to type-check. A block may lean on names it does not declare (`pod`, a `sink`): an HTML comment just above the
// fence, `<!-- ts-prelude … -->`, declares them. It is invisible where the Markdown is rendered, and prepended here.
//
//   node scripts/doc-blocks.mjs <out> README.md docs/*.md
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [out, ...files] = process.argv.slice(2);
if (out === undefined || files.length === 0) {
  console.error('usage: node scripts/doc-blocks.mjs <out> <file.md>…');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const block = /(?:[ \t]*<!-- ts-prelude\n([\s\S]*?)[ \t]*-->\n(?:[ \t]*\n)*)?[ \t]*```ts\n([\s\S]*?)[ \t]*```/g;
let written = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  let n = 0;
  for (const match of text.matchAll(block)) {
    const [whole, prelude = '', code = ''] = match;
    n += 1;
    const line = text.slice(0, match.index + whole.indexOf('```ts')).split('\n').length + 1;
    const name = `${basename(file, '.md').toLowerCase()}-${String(n).padStart(2, '0')}.ts`;
    writeFileSync(join(out, name), `// ${file}:${line}\n${prelude}${code}export {};\n`);
    written += 1;
  }
}
console.log(`doc-blocks: ${written} TypeScript blocks from ${files.length} files into ${out}`);
