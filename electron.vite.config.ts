import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

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
          // `kassa mcp` outside Electron: the stdio MCP bridge to the running till (`npm run -s mcp`).
          mcp: resolve('src/main/mcp-stdio.ts'),
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
    plugins: [
      vue(),
      // The locale files are compiled at build time, so the shipped renderer uses vue-i18n's runtime-only build
      // and carries no message compiler (~42 kB). Every message must therefore come from these files: a string
      // given to vue-i18n at run time would not be compiled. HTML in a message is an error (strictMessage).
      VueI18nPlugin({
        include: [resolve('src/renderer/src/i18n/locales/**/*.ts')],
        runtimeOnly: true,
        compositionOnly: true,
        fullInstall: true,
        dropMessageCompiler: true,
        strictMessage: true,
        escapeHtml: false
      })
    ],
    build: {
      // electron-vite leaves the renderer unminified; the till's first load is what a cashier waits for.
      // No sourcemaps in the shipped build (they would double what is served and show the source).
      minify: 'esbuild',
      sourcemap: false
    }
  }
})
