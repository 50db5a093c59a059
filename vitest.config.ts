import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers on 127.0.0.1; a stray request to the internet must fail fast.
    testTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['tests/support/scratch-folder.ts'],
  },
});
