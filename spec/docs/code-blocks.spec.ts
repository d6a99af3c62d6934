import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { docBlocks } from '../../scripts/doc-blocks.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The documents whose TypeScript blocks must compile, as a user would paste them: the README and every guide. */
const documents = [
  'README.md',
  ...readdirSync(`${root}docs`)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Every ```ts block of `document` with its `<!-- ts-prelude -->`, as a module of its own named after it. */
function blocks(document: string): { readonly fileName: string; readonly text: string }[] {
  return docBlocks(document, readFileSync(`${root}${document}`, 'utf8')).map((block) => ({
    fileName: `${root}${document.replace(/\.md$/, '')}.${block.name}`,
    text: block.text,
  }));
}

/** Type errors of `files` under the project's own tsconfig.json, with `rx-kube-events` resolving to the sources. */
function compile(files: readonly { readonly fileName: string; readonly text: string }[]): string[] {
  const configFile = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const virtual = new Map(files.map((file) => [file.fileName, file.text]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = virtual.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, language, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, language);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile(fileName);
  const program = ts.createProgram([...virtual.keys()], { ...options, noEmit: true }, host);
  // Only the blocks are checked: the sources they import are checked by `npm run typecheck`.
  return [...virtual.keys()]
    .map((fileName) => program.getSourceFile(fileName)!)
    .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${d.file!.fileName.slice(root.length)}:${String(line + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

describe('the code blocks of the docs', () => {
  // Type-checking the blocks loads the sources and client-node's types: seconds on a loaded machine.
  it(`compile under the project's tsconfig.json (${String(documents.length)} documents)`, { timeout: 60_000 }, () => {
    const files = documents.flatMap(blocks);
    expect(files.length).toBeGreaterThan(5);
    expect(compile(files)).toEqual([]);
  });
});
