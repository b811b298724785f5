import { describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import { WELCOME, nextDisplay } from '../../../src/renderer/src/components/devices/display-state'

const sale = (id: string, state: SaleView['state'], createdAt = '2026-11-28T10:00:00.000Z'): SaleView =>
  ({ id, state, createdAt, amount: '12.50', currency: 'EUR', invoice: null }) as unknown as SaleView

describe('what the customer display shows', () => {
  it('welcome → the sale awaiting payment → thank you once paid', () => {
    const awaiting = nextDisplay(WELCOME, sale('sale_a', 'awaiting'))
    expect(awaiting.phase).toBe('sale')
    const paid = nextDisplay(awaiting, sale('sale_a', 'paid'))
    expect(paid).toMatchObject({ phase: 'thanks', sale: { id: 'sale_a' } })
  })

  it('goes back to welcome when the sale on screen ends unpaid', () => {
    for (const state of ['expired', 'cancelled', 'invalid', 'failed'] as const) {
      const shown = nextDisplay(WELCOME, sale('sale_a', 'awaiting'))
      expect(nextDisplay(shown, sale('sale_a', state))).toBe(WELCOME)
    }
  })

  it('ignores other sales that end or are paid, and an older open sale', () => {
    const shown = nextDisplay(WELCOME, sale('sale_b', 'awaiting', '2026-11-28T10:05:00.000Z'))
    expect(nextDisplay(shown, sale('sale_a', 'paid'))).toBe(shown)
    expect(nextDisplay(shown, sale('sale_a', 'expired'))).toBe(shown)
    expect(nextDisplay(shown, sale('sale_a', 'awaiting', '2026-11-28T09:00:00.000Z'))).toBe(shown)
    expect(nextDisplay(WELCOME, sale('sale_a', 'paid'))).toBe(WELCOME)
  })

  it('shows a newer sale the till started, also from the thank-you screen', () => {
    const thanks = nextDisplay(nextDisplay(WELCOME, sale('sale_a', 'awaiting')), sale('sale_a', 'paid'))
    const next = nextDisplay(thanks, sale('sale_b', 'creating', '2026-11-28T10:01:00.000Z'))
    expect(next).toMatchObject({ phase: 'sale', sale: { id: 'sale_b' } })
  })
})
