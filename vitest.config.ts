import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = { '@shared': resolve(__dirname, 'src/shared') }

export default defineConfig({
  test: {
    // Two test files at a time on every machine. Vitest's default for `run` is one fewer than the cores: on this
    // project's 2-core machines that ran every file of every project one after the other, though most of an
    // integration, e2e or chaos file's time is spent waiting (timers, the web host, the browser, the simulators).
    // VITEST_MAX_WORKERS overrides it.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
      },
      {
        resolve: { alias },
        test: { name: 'contract', include: ['tests/contract/**/*.test.ts'], environment: 'node' }
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000
        }
      },
      {
        resolve: { alias },
        test: {
          // SIGKILL loops against the built web host: `npm test` runs a short seeded one, `npm run chaos` a long one.
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 60_000
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files run side by side (`maxWorkers`): each starts its own web host (port 0, its own data folder and
          // keychain service) and browser, and much of a file's time is spent waiting on the till.
          fileParallelism: true
        }
      }
    ]
  }
})
