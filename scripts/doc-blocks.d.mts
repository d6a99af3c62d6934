/** The TypeScript blocks of one Markdown file, each with its `<!-- ts-prelude -->` and `export {}`; see doc-blocks.mjs. */
export declare function docBlocks(file: string, text: string): { name: string; text: string }[];
