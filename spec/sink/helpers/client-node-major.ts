import { createRequire } from 'node:module';

/** The client-node major under test: 1 in `npm test`, 2 in `npm run test:node24`. */
export const clientNodeMajor = Number(
  (createRequire(import.meta.url)('@kubernetes/client-node/package.json') as { version: string }).version.split('.')[0],
);

/**
 * The most connections a `CoreV1EventSink` opens for any number of sequential writes: 1 under 1.x (node-fetch's
 * socket is back in the agent's pool before the response resolves); 2 under 2.x, whose undici pool, handed the next
 * request before it has marked the connection idle, opens a second one and then alternates between the two. Without
 * reuse it is one per write.
 */
export const sequentialWriteConnections = clientNodeMajor >= 2 ? 2 : 1;
