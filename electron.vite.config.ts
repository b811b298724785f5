import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const shared = { '@shared': resolve('src/shared') }

export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: {
      // Native modules and ws stay external; everything else is bundled.
      externalizeDeps: { exclude: ['p-retry', 'is-network-error'] },
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          web: resolve('src/main/web/index.ts'),
          // The ledger's read worker (src/main/ledger/ledger-reader.ts starts it by this file name).
          'ledger-read-worker': resolve('src/main/ledger/read-worker.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: shared },
    build: {
      // One CommonJS file, so the renderer can stay sandboxed (electron-security item 4).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true }
      }
    }
  },
  renderer: {
    resolve: {
      alias: { '@renderer': resolve('src/renderer/src'), ...shared }
    },
    plugins: [vue()],
    build: {
      // electron-vite leaves the renderer unminified; the till's first load is what a cashier waits for.
      // No sourcemaps in the shipped build (they would double what is served and show the source).
      minify: 'esbuild',
      sourcemap: false
    }
  }
})
