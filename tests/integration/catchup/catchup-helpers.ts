import type { Events, ProcessorHealthView, SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { waitFor } from '../../fixtures/temp-dir'
import { ok } from '../core/processor-helpers'

/** The most requests in any 60 s window of `times` (ms). */
export function peakPerMinute(times: readonly number[]): number {
  return peakPerWindow(times, 60_000)
}

/** The most requests in any window of `windowMs` of `times` (ms). */
export function peakPerWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  let from = 0
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= windowMs) from++
    peak = Math.max(peak, to - from + 1)
  }
  return peak
}

/** Every `connectivity:changed` the core emits, with the time it came (ms). */
export function watchHealth(core: Core): (ProcessorHealthView & { at: number })[] {
  const seen: (ProcessorHealthView & { at: number })[] = []
  core.events.subscribe((name, payload) => {
    if (name === 'connectivity:changed')
      seen.push({ ...(payload as Events['connectivity:changed']), at: Date.now() })
  })
  return seen
}

/** Wait until `processor`'s health is `state`; returns when it was seen (ms). */
export async function healthBecomes(
  core: Core,
  processor: string,
  state: ProcessorHealthView['state'],
  timeoutMs = 10_000
): Promise<number> {
  await waitFor(
    async () =>
      (await ok<ProcessorHealthView[]>(core, 'processor:health', {})).find((h) => h.processor === processor),
    (view) => view?.state === state,
    { timeoutMs, intervalMs: 20, what: `${processor} to be ${state}` }
  )
  return Date.now()
}

/** Charge `count` sales of `amount` on the till's processor, one after the other. */
export async function chargeMany(
  core: Core,
  count: number,
  input: { amount: string; currency: string; paymentMethod?: string }
): Promise<SaleView[]> {
  const sales: SaleView[] = []
  for (let n = 0; n < count; n++) sales.push(await ok<SaleView>(core, 'sale:charge', input))
  return sales
}

/** The sales' states as the till has them now. */
export async function saleStates(core: Core, sales: readonly SaleView[]): Promise<Map<string, string>> {
  const states = new Map<string, string>()
  for (const sale of sales)
    states.set(sale.id, (await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).state)
  return states
}
