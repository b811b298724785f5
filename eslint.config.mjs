import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.d.ts.map'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      // Money never passes through a float.
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Money never passes through a float: use src/shared/money.ts' }
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Number',
          property: 'parseFloat',
          message: 'Money never passes through a float: use src/shared/money.ts'
        }
      ]
    }
  },
  {
    // The contract is shared by main, preload and renderer: it imports neither electron, node:* nor Vue.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(electron|node:|vue$|pinia$|fs$|path$|crypto$)',
              message: 'src/shared must stay free of electron, node and Vue'
            }
          ]
        }
      ]
    }
  },
  {
    // Only the Electron shell imports electron; everything else in main is plain Node.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron imports electron' }] }
      ]
    }
  },
  {
    // Domain code reaches processors only through processors/types, ports, errors and module — never a connector's
    // folder, so adding a processor touches nothing here (ARCHITECTURE.md, "How to add a processor").
    files: [
      'src/main/{sales,refunds,owner,tracker,webhooks,settings,ledger,reports,recovery,agent,kiosk,catalog,reconcile,health}/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/electron imports electron' }],
          patterns: [
            {
              regex: '(^|/)processors/(?!(types|errors|ports|module|lanes)$)',
              message:
                'Domain code reaches processors through processors/types, ports, errors, module (and lanes) only: never a connector folder'
            }
          ]
        }
      ]
    }
  },
  {
    // Main writes to its log (src/main/log/), never to the console: stdout carries only the web host's address.
    files: ['src/main/**/*.ts'],
    rules: { 'no-console': 'error' }
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    // zod is main's: the renderer and the preload take call names and types from @shared/contract, and main's
    // dispatch validates every input. Types from the schema modules are fine (erased); their values are not.
    files: ['src/renderer/**/*.{ts,vue}', 'src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              message: 'No zod in the renderer or preload: main validates (src/main/dispatch.ts)'
            }
          ],
          patterns: [
            {
              regex: '(^@shared|/shared)/(call-schemas|schemas|webhooks|catalog-schemas)$',
              allowTypeImports: true,
              message:
                "Zod schemas are main's: take names and types from @shared/contract, plain checks from @shared/money, @shared/percent, @shared/server-url"
            }
          ]
        }
      ]
    }
  },
  prettier
)
