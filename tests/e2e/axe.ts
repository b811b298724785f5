import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** One node axe found at fault: its CSS path, its HTML and what to fix. */
export interface AxeNode {
  target: string[]
  html: string
  failureSummary: string
}

/** One broken axe rule on the page, with every node that breaks it. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: AxeNode[]
}

const require = createRequire(import.meta.url)
let source: string | null = null

/**
 * Run axe-core (node_modules/axe-core/axe.min.js) on the page as it is now and return its violations of any impact,
 * each with its nodes. The script is evaluated through the DevTools protocol, which the page's CSP (`script-src
 * 'self'`, no inline scripts) does not apply to, so the till's own headers stay as they ship.
 * @param page a Playwright page showing the screen to check
 * @returns [] when axe finds nothing
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.evaluate(source)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeRun> } }).axe
    type AxeRun = { violations: AxeViolation[] }
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary }))
    }))
  })
}

/** Violations as readable lines for an assertion message: rule, impact, help, then each node's target and fix. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n')
    )
    .join('\n')
}
