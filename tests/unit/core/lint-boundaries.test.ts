import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it, vi } from 'vitest'

const ROOT = resolve(__dirname, '../../..')
// Each check loads ESLint and the project's config afresh: a few seconds while another test file runs beside it.
vi.setConfig({ testTimeout: 20_000 })

/** The rule ids ESLint reports for `code` as if it were the file at `path` (relative to the project). */
async function ruleIds(code: string, path: string): Promise<(string | null)[]> {
  const eslint = new ESLint({ cwd: ROOT })
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) })
  return (result?.messages ?? []).map((message) => message.ruleId)
}

describe('lint: domain code reaches processors only through their ports', () => {
  it('refuses a connector folder imported from refunds/, sales/, owner/, tracker/ and webhooks/', async () => {
    const bad = [
      [
        "import type { BtcpayProcessor } from '../processors/btcpay'\nexport type X = BtcpayProcessor\n",
        'refunds'
      ],
      [
        "import { plisioModule } from '../processors/plisio/module'\nexport const m = plisioModule\n",
        'sales'
      ],
      [
        "import type { BtpayConfig } from '../processors/btpay/processor'\nexport type X = BtpayConfig\n",
        'owner'
      ],
      ["import { DemoProcessor } from '../processors/demo'\nexport const d = DemoProcessor\n", 'tracker'],
      ["import { MODULES } from '../processors/modules'\nexport const m = MODULES\n", 'webhooks']
    ]
    for (const [code, folder] of bad) {
      expect(await ruleIds(code!, `src/main/${folder}/bad-import.ts`), `${folder}: ${code}`).toContain(
        'no-restricted-imports'
      )
    }
  })

  it('allows processors/types, ports, errors and module there, and a connector folder inside processors/', async () => {
    const good =
      "import type { PaymentProcessor } from '../processors/types'\n" +
      "import type { ProcessorPorts } from '../processors/ports'\n" +
      "import { ProcessorError } from '../processors/errors'\n" +
      "import type { ProcessorModule } from '../processors/module'\n" +
      'export type X = [PaymentProcessor, ProcessorPorts, ProcessorModule]\n' +
      'export const E = ProcessorError\n'
    expect(await ruleIds(good, 'src/main/refunds/good-import.ts')).toEqual([])
    const connector = "import { btcpayModule } from './btcpay/module'\nexport const m = btcpayModule\n"
    expect(await ruleIds(connector, 'src/main/processors/registry-like.ts')).toEqual([])
  })
})

describe('lint: no zod in the renderer or the preload', () => {
  const zodImport = "import { z } from 'zod'\nexport const s = z.string()\n"

  it('refuses zod itself, as a value or a type, in renderer .ts and .vue files and in the preload', async () => {
    const vue = `<script setup lang="ts">\n${zodImport}</script>\n<template><p>x</p></template>\n`
    expect(await ruleIds(zodImport, 'src/renderer/src/stores/bad.ts')).toContain(
      '@typescript-eslint/no-restricted-imports'
    )
    expect(await ruleIds(vue, 'src/renderer/src/components/app/Bad.vue')).toContain(
      '@typescript-eslint/no-restricted-imports'
    )
    expect(await ruleIds(zodImport, 'src/preload/bad.ts')).toContain(
      '@typescript-eslint/no-restricted-imports'
    )
    const typeOnly = "import type { z } from 'zod'\nexport type S = z.ZodString\n"
    expect(await ruleIds(typeOnly, 'src/renderer/src/stores/bad.ts')).toContain(
      '@typescript-eslint/no-restricted-imports'
    )
  })

  it("refuses the shared schema modules' values there, by alias or relative path", async () => {
    const bad = [
      "import { PercentSchema } from '@shared/schemas'\nexport const p = PercentSchema\n",
      "import { calls } from '@shared/call-schemas'\nexport const c = calls\n",
      "import { PublicUrlSchema } from '../shared/webhooks'\nexport const p = PublicUrlSchema\n"
    ]
    for (const code of bad) {
      expect(await ruleIds(code, 'src/renderer/src/stores/bad.ts'), code).toContain(
        '@typescript-eslint/no-restricted-imports'
      )
      expect(await ruleIds(code, 'src/preload/bad.ts'), code).toContain(
        '@typescript-eslint/no-restricted-imports'
      )
    }
  })

  it('allows their types and the plain contract there, and zod in main', async () => {
    const good =
      "import type { CallInput } from '@shared/call-schemas'\n" +
      "import type { WebhookStatusView } from '@shared/webhooks'\n" +
      "import { CALL_NAMES, type CallName } from '@shared/contract'\n" +
      "import { percentProblem } from '@shared/percent'\n" +
      "export type X = [CallInput<'sale:get'>, WebhookStatusView, CallName]\n" +
      'export const y = [CALL_NAMES, percentProblem]\n'
    expect(await ruleIds(good, 'src/renderer/src/stores/good.ts')).toEqual([])
    expect(await ruleIds(good, 'src/preload/good.ts')).toEqual([])
    expect(await ruleIds(zodImport, 'src/main/settings/good.ts')).toEqual([])
  })
})
