import { describe, expect, it } from 'vitest';
import { runWatchEventsSoak } from '../../bench/soak/watch-events-soak.js';

// The small soak: the full one (100 000 events, 20 disconnects, two 410s, heap sampled) is `npm run soak`.
describe('watchEvents soak over the fake API server, small', () => {
  it('sees every event exactly once through 4 forced disconnects and two 410s', { timeout: 180_000 }, async () => {
    const result = await runWatchEventsSoak({ events: 1500, disconnects: 4, gones: 2, window: 400, batch: 100 });
    expect(result).toMatchObject({
      created: 1500,
      deleted: 1100,
      addedNotOnce: 0,
      deletedNotOnce: 0,
      modified: 0,
      disconnects: 4,
      relists: 2,
    });
  });
});
