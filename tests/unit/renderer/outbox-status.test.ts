import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KassaErrorData } from '@shared/errors'
import { OUTBOX_EXPIRED } from '@shared/outbox'
import { errorText } from '../../../src/renderer/src/i18n/error-text'
import { ensureMessages, setLocale } from '../../../src/renderer/src/i18n'
import { saleShortWords, saleStatusWords } from '../../../src/renderer/src/invoice/status-words'
import { saleView } from './fixtures'

beforeAll(async () => {
  await ensureMessages('en')
  await ensureMessages('de')
})
afterEach(() => setLocale('en'))

const waiting = saleView({
  state: 'creating',
  outbox: { since: '2026-11-28T10:00:00Z', until: '2026-11-29T10:00:00Z', attempts: 2, nextAttemptAt: null }
})
const expired = saleView({
  state: 'failed',
  error: {
    code: 'processor-offline',
    message: 'expired',
    params: { reason: OUTBOX_EXPIRED, processor: 'btcpay' }
  }
})

describe('an outbox sale in words', () => {
  it('says a waiting sale waits (offline), not that its invoice is being created', async () => {
    expect(saleShortWords(waiting)).toBe('Waiting (offline)')
    expect(saleStatusWords(waiting)).toMatchObject({ tone: 'warning' })
    expect(saleShortWords(saleView({ state: 'creating' }))).toBe('Creating invoice')
    await setLocale('de')
    expect(saleShortWords(waiting)).toBe('Wartet (offline)')
  })

  it('says why a sale the outbox gave up on was not charged', async () => {
    expect(saleStatusWords(expired).lead).toBe(
      "Not charged: the payment processor stayed offline past the owner's limit"
    )
    expect(errorText(expired.error!)).toMatch(/^Not charged: /)
    await setLocale('de')
    expect(errorText(expired.error!)).toMatch(/^Nicht berechnet: /)
  })

  it('words the day close refused for open outbox sales, naming how many and which', async () => {
    const error: KassaErrorData = {
      code: 'conflict',
      message: '2 sales wait in the outbox',
      params: { reason: 'outbox-open', count: '2', sales: 'sale_a,sale_b' }
    }
    expect(errorText(error)).toContain('waiting: 2; sale_a,sale_b')
    await setLocale('de')
    expect(errorText(error)).toContain('wartend: 2; sale_a,sale_b')
  })
})
