import { runWatchEventsSoak } from './watch-events-soak.js';

// `npm run soak`: the full-size soak of issue #16. npm test runs a small one (spec/bench/watch-events-soak.spec.ts).
const started = performance.now();
const result = await runWatchEventsSoak({ events: 100_000, disconnects: 20, gones: 2 });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const [first, ...rest] = result.heapSamples;
const last = rest[rest.length - 1];
const heapRatio = first !== undefined && last !== undefined ? last / first : undefined;
console.log(
  JSON.stringify(
    { ...result, heapSamples: result.heapSamples.map((b) => Math.round(b / 1024 / 1024)), heapRatio, seconds },
    null,
    2,
  ),
);
const ok = result.addedNotOnce === 0 && result.deletedNotOnce === 0 && result.modified === 0;
if (!ok) console.error('soak: some events were not seen exactly once');
if (heapRatio === undefined) console.error('soak: run with --expose-gc to sample the heap');
process.exitCode = ok ? 0 : 1;
