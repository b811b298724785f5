import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

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
