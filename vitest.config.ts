import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples and benchmarks import the package by name, as users do; here that name means the sources.
  resolve: {
    alias: [
      { find: /^rx-kube-events\/testing$/, replacement: src('testing/index.ts') },
      { find: /^rx-kube-events$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['spec/**/*.spec.ts'],
    environment: 'node',
    // Over real HTTP tests wait on outcomes, never on the clock; this is only a ceiling for a hung socket.
    testTimeout: 20_000,
    typecheck: { enabled: false },
  },
});
