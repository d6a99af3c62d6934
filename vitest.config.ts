import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    environment: 'node',
    // Over real HTTP tests wait on outcomes, never on the clock; this is only a ceiling for a hung socket.
    testTimeout: 20_000,
    typecheck: { enabled: false },
  },
});
