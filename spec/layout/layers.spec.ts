import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * The layer table of the design: which folders under `src/` each folder may import. Because every row names only
 * rows above it, no import cycle can form between folders, and `watch/` and `correlate/` stay free of I/O.
 *
 * `events/` imports `record/` as well as the design's watch, meta and sink: its adapter falls back to the core/v1
 * `EventBroadcaster`, as client-go's `NewEventBroadcasterAdapter` does (`record/` never imports `events/`).
 */
const mayImport: Readonly<Record<string, readonly string[]>> = {
  watch: [],
  meta: [],
  correlate: ['meta'],
  sink: ['meta', 'correlate'],
  record: ['watch', 'meta', 'correlate', 'sink'],
  events: ['watch', 'meta', 'sink', 'record'],
  cluster: ['meta'],
  testing: ['watch', 'meta', 'correlate', 'sink', 'record', 'events', 'cluster'],
  cli: ['watch', 'meta', 'correlate', 'sink', 'record', 'events', 'cluster', 'testing'],
};

/** Packages that do I/O: only the layers that talk to an API server (or are the fake one) may import them. */
const ioModules = /^(@kubernetes\/client-node|node:(http|https|net|tls|fs|child_process|dgram))$/;
const mayDoIo = new Set(['sink', 'cluster', 'testing', 'cli']);

/** Every `.ts` file under `dir`, relative to `src/`. */
function sources(dir: string): string[] {
  return readdirSync(`${src}${dir}`, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => `${entry.parentPath.slice(src.length)}/${entry.name}`);
}

/** The module specifiers `file` imports or re-exports (comments, and so TSDoc examples, are not read). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(`${src}${file}`, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
}

/** The module specifiers `file` imports for their values: `import type` brings in no code, so no I/O. */
function valueImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(`${src}${file}`, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) =>
    ts.isImportDeclaration(statement) &&
    statement.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

/** The folder under `src/` that a relative `specifier` in `file` lands in (`''` for `src/index.ts`). */
function layerOf(file: string, specifier: string): string {
  const target = new URL(specifier, `file://${src}${file}`).pathname.slice(src.length);
  return target.includes('/') ? target.slice(0, target.indexOf('/')) : '';
}

describe('the layers under src/', () => {
  it('has a row of the table for every folder, and a folder for every row', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(mayImport).sort());
  });

  for (const [layer, allowed] of Object.entries(mayImport)) {
    it(
      allowed.length === 0 ? `${layer}/ imports no other layer` : `${layer}/ imports only ${allowed.join(', ')}`,
      () => {
        const outside = sources(layer).flatMap((file) =>
          importsOf(file)
            .filter((specifier) => specifier.startsWith('.'))
            .map((specifier) => ({ file, layer: layerOf(file, specifier) }))
            .filter((target) => target.layer !== layer && !allowed.includes(target.layer))
            .map((target) => `${target.file} imports ${target.layer === '' ? 'src/index.ts' : `${target.layer}/`}`),
        );
        expect(outside).toEqual([]);
      },
    );
  }

  it('keeps I/O out of every layer but sink/, cluster/, testing/ and cli/ (type-only imports aside)', () => {
    const io = Object.keys(mayImport)
      .filter((layer) => !mayDoIo.has(layer))
      .flatMap((layer) => sources(layer))
      .flatMap((file) =>
        valueImportsOf(file)
          .filter((specifier) => ioModules.test(specifier))
          .map((specifier) => `${file} imports ${specifier}`),
      );
    expect(io).toEqual([]);
  });
});
