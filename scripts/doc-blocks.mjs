// The ```ts blocks of Markdown files, each as a module of its own: type-checked in the repository by
// spec/docs/code-blocks.spec.ts and, against the packed package, by the consumer test. A block may lean on names it
// does not declare (`pod`, a `sink`): an HTML comment just above the fence, `<!-- ts-prelude … -->`, declares them.
// It is invisible where the Markdown is rendered, and prepended here.
//
//   node scripts/doc-blocks.mjs <out> README.md docs/*.md    writes <out>/<file>-<n>.ts for each block
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const block = /(?:[ \t]*<!-- ts-prelude\n([\s\S]*?)[ \t]*-->\n(?:[ \t]*\n)*)?[ \t]*```ts\n([\s\S]*?)[ \t]*```/g;

/**
 * The TypeScript blocks of one Markdown file, in order, each with its prelude and `export {}` (so that a block
 * without imports is a module, as a pasted file in an ESM package is).
 *
 * @param {string} file - the file's path, for names and the `// file:line` first line
 * @param {string} text - its Markdown
 * @returns {{ name: string, text: string }[]}
 */
export function docBlocks(file, text) {
  return [...text.matchAll(block)].map((match, index) => {
    const [whole, prelude = '', code = ''] = match;
    const line = text.slice(0, match.index + whole.indexOf('```ts')).split('\n').length + 1;
    const name = `${basename(file, '.md').toLowerCase()}-${String(index + 1).padStart(2, '0')}.ts`;
    return { name, text: `// ${file}:${line}\n${prelude}${code}export {};\n` };
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [out, ...files] = process.argv.slice(2);
  if (out === undefined || files.length === 0) {
    console.error('usage: node scripts/doc-blocks.mjs <out> <file.md>…');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  let written = 0;
  for (const file of files) {
    for (const { name, text } of docBlocks(file, readFileSync(file, 'utf8'))) {
      writeFileSync(join(out, name), text);
      written += 1;
    }
  }
  console.log(`doc-blocks: ${written} TypeScript blocks from ${files.length} files into ${out}`);
}
