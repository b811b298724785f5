import { describe, expect, it } from 'vitest'
import type { SaleState } from '@shared/contract'
import {
  INVOICE_STATUSES,
  type AdditionalStatus,
  type Invoice,
  type InvoicePayment,
  type InvoiceStatus
} from '@shared/invoice'
import {
  checkTillSaleState,
  invoiceSaleState,
  isPaidByCustomer,
  nextSaleState,
  SaleTransitionError,
  type InvoiceSaleState
} from '../../../src/main/sales/sale-state'
import { fakeInvoice } from '../../fixtures/fake-processor'

const SALE_STATES: readonly SaleState[] = [
  'creating',
  'awaiting',
  'paid',
  'expired',
  'invalid',
  'cancelled',
  'failed'
]
const ADDITIONAL: readonly AdditionalStatus[] = ['None', 'PaidPartial', 'PaidOver', 'PaidLate', 'Marked']

/** What the invoice reports of money: its payments list and its fiat `paid`. */
type Money =
  'nothing' | 'paid, no list' | 'payment confirming' | 'payment confirmed' | 'only invalid payments'
const MONEY: Record<Money, { payments: InvoicePayment['status'][]; paid: string; customerMoney: boolean }> = {
  nothing: { payments: [], paid: '0.00', customerMoney: false },
  'paid, no list': { payments: [], paid: '12.34', customerMoney: true },
  'payment confirming': { payments: ['Processing'], paid: '12.34', customerMoney: true },
  'payment confirmed': { payments: ['Settled'], paid: '12.34', customerMoney: true },
  'only invalid payments': { payments: ['Invalid'], paid: '0.00', customerMoney: false }
}

function invoice(
  id: string,
  status: InvoiceStatus,
  additionalStatus: AdditionalStatus,
  money: Money
): Invoice {
  const { payments, paid } = MONEY[money]
  return fakeInvoice(id, 'sale_1', {
    status,
    additionalStatus,
    paid,
    payments: payments.map((paymentStatus, index) => ({
      id: `tx${index}`,
      method: 'BTC-CHAIN',
      amount: '0.00018985',
      currency: 'BTC',
      receivedAt: '2025-01-01T00:03:00.000Z',
      status: paymentStatus
    }))
  })
}

/** What each status says of the sale; `Expired` + `PaidLate` is paid once every counted payment confirmed. */
function expectedSaid(status: InvoiceStatus, additional: AdditionalStatus, money: Money): InvoiceSaleState {
  const said: Record<InvoiceStatus, InvoiceSaleState> = {
    New: 'awaiting',
    Processing: 'awaiting',
    Settled: 'paid',
    Expired: 'expired',
    Invalid: 'invalid'
  }
  if (status === 'Expired' && additional === 'PaidLate' && money !== 'payment confirming') return 'paid'
  return said[status]
}

/** The transition table: current state × what the invoice says → next state, for the same invoice read again. */
const NEXT: Record<SaleState, Record<InvoiceSaleState, SaleState>> = {
  creating: { awaiting: 'awaiting', paid: 'paid', expired: 'expired', invalid: 'invalid' },
  awaiting: { awaiting: 'awaiting', paid: 'paid', expired: 'expired', invalid: 'invalid' },
  failed: { awaiting: 'awaiting', paid: 'paid', expired: 'expired', invalid: 'invalid' },
  paid: { awaiting: 'paid', paid: 'paid', expired: 'paid', invalid: 'invalid' },
  expired: { awaiting: 'expired', paid: 'paid', expired: 'expired', invalid: 'invalid' },
  invalid: { awaiting: 'invalid', paid: 'paid', expired: 'invalid', invalid: 'invalid' },
  // `paid` only with the customer's money, see below.
  cancelled: { awaiting: 'cancelled', paid: 'paid', expired: 'cancelled', invalid: 'cancelled' }
}

/** Where a replacement invoice (another id) differs: a new attempt that an ended sale follows. */
const NEXT_REPLACED: Partial<Record<SaleState, Partial<Record<InvoiceSaleState, SaleState>>>> = {
  expired: { awaiting: 'awaiting' },
  invalid: { awaiting: 'awaiting', expired: 'expired' }
}

interface Case {
  current: SaleState
  status: InvoiceStatus
  additional: AdditionalStatus
  money: Money
  stored: 'none' | 'same invoice' | 'replaced invoice'
}

function* cases(): Generator<Case> {
  for (const current of SALE_STATES)
    for (const status of INVOICE_STATUSES)
      for (const additional of ADDITIONAL)
        for (const money of Object.keys(MONEY) as Money[])
          for (const stored of ['none', 'same invoice', 'replaced invoice'] as const)
            yield { current, status, additional, money, stored }
}

function run(c: Case): { read: Invoice; step: ReturnType<typeof nextSaleState> } {
  const read = invoice('inv2', c.status, c.additional, c.money)
  const stored =
    c.stored === 'none'
      ? null
      : invoice(c.stored === 'same invoice' ? 'inv2' : 'inv1', 'New', 'None', 'nothing')
  return { read, step: nextSaleState(c.current, stored, read) }
}

function expected(c: Case): SaleState {
  const said = expectedSaid(c.status, c.additional, c.money)
  if (c.current === 'cancelled' && said === 'paid') {
    return c.additional !== 'Marked' && MONEY[c.money].customerMoney ? 'paid' : 'cancelled'
  }
  const replaced = c.stored === 'replaced invoice' ? NEXT_REPLACED[c.current]?.[said] : undefined
  return replaced ?? NEXT[c.current][said]
}

const all = [...cases()]

describe('invoiceSaleState', () => {
  it('reads every status × qualifier × payments as the table says', () => {
    for (const c of all) {
      expect(invoiceSaleState(invoice('inv1', c.status, c.additional, c.money)), JSON.stringify(c)).toBe(
        expectedSaid(c.status, c.additional, c.money)
      )
    }
  })
})

describe('isPaidByCustomer', () => {
  it('is true only for a paid invoice not marked by hand that shows money', () => {
    expect(isPaidByCustomer(invoice('inv1', 'Settled', 'None', 'payment confirmed'))).toBe(true)
    expect(isPaidByCustomer(invoice('inv1', 'Settled', 'PaidOver', 'paid, no list'))).toBe(true)
    expect(isPaidByCustomer(invoice('inv1', 'Expired', 'PaidLate', 'payment confirmed'))).toBe(true)
    expect(isPaidByCustomer(invoice('inv1', 'Settled', 'Marked', 'payment confirmed'))).toBe(false)
    expect(isPaidByCustomer(invoice('inv1', 'Settled', 'None', 'nothing'))).toBe(false)
    expect(isPaidByCustomer(invoice('inv1', 'Settled', 'None', 'only invalid payments'))).toBe(false)
    expect(isPaidByCustomer(invoice('inv1', 'Processing', 'None', 'payment confirming'))).toBe(false)
    expect(isPaidByCustomer(invoice('inv1', 'Expired', 'PaidLate', 'payment confirming'))).toBe(false)
  })
})

describe('nextSaleState', () => {
  it('follows the table for every sale state × status × qualifier × payments × stored invoice', () => {
    expect(all).toHaveLength(7 * 5 * 5 * 5 * 3)
    for (const c of all) {
      const { step } = run(c)
      expect(step, JSON.stringify(c)).toEqual({ state: expected(c), changed: expected(c) !== c.current })
    }
  })

  it('never reopens, expires, fails or cancels a paid sale', () => {
    for (const c of all.filter((c) => c.current === 'paid')) {
      expect(['paid', 'invalid'], JSON.stringify(c)).toContain(run(c).step.state)
    }
  })

  it('makes a cancelled sale paid only with the customer’s money, never with an invoice settled by hand', () => {
    for (const c of all.filter((c) => c.current === 'cancelled')) {
      const { read, step } = run(c)
      if (step.state === 'cancelled') continue
      expect(step.state, JSON.stringify(c)).toBe('paid')
      expect(read.additionalStatus).not.toBe('Marked')
      expect(read.payments.some((p) => p.status !== 'Invalid') || read.paid !== '0.00').toBe(true)
    }
  })

  it('never gives a state only the till sets (creating, failed, cancelled) to a sale not already in it', () => {
    for (const c of all) {
      const { step } = run(c)
      if (['creating', 'failed', 'cancelled'].includes(step.state)) expect(step.state).toBe(c.current)
    }
  })

  it('never takes an expired or invalid sale back to awaiting on the same invoice', () => {
    for (const c of all.filter(
      (c) => (c.current === 'expired' || c.current === 'invalid') && c.stored !== 'replaced invoice'
    )) {
      expect(run(c).step.state, JSON.stringify(c)).not.toBe('awaiting')
    }
  })

  it('is settled after one step: the same invoice read again changes nothing', () => {
    for (const c of all) {
      const { read, step } = run(c)
      expect(nextSaleState(step.state, read, read), JSON.stringify(c)).toEqual({
        state: step.state,
        changed: false
      })
    }
  })
})

describe('checkTillSaleState', () => {
  const allowed = new Set([
    ...SALE_STATES.map((s) => `${s}→${s}`),
    'creating→failed',
    ...SALE_STATES.filter((s) => s !== 'paid' && s !== 'cancelled').map((s) => `${s}→cancelled`)
  ])

  it('allows only a retry, a refusal of a sale being created, and cancelling a sale that is not paid', () => {
    for (const from of SALE_STATES) {
      for (const to of SALE_STATES) {
        const check = () => checkTillSaleState(from, to)
        if (allowed.has(`${from}→${to}`)) expect(check, `${from}→${to}`).not.toThrow()
        else expect(check, `${from}→${to}`).toThrow(SaleTransitionError)
      }
    }
  })

  it('says why in a conflict the cashier can read', () => {
    expect(() => checkTillSaleState('paid', 'cancelled')).toThrow(
      expect.objectContaining({ code: 'conflict', message: 'This sale is paid and cannot become cancelled' })
    )
  })
})
