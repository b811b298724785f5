import { describe, expect, it } from 'vitest'
import {
  AmountError,
  btcToSats,
  decimalToMinor,
  fiatToSats,
  formatDisplay,
  formatMinor,
  parseAmount,
  percentOf,
  satsToBtc,
  satsToFiat
} from '@shared/money'

describe('parseAmount', () => {
  it.each([
    ['12.34', 'USD', 1234n],
    ['12', 'USD', 1200n],
    ['12.3', 'USD', 1230n],
    ['0.01', 'USD', 1n],
    ['1234', 'JPY', 1234n],
    ['1.234', 'KWD', 1234n],
    ['1.2', 'KWD', 1200n],
    ['007.50', 'EUR', 750n],
    ['9999999999999.99', 'USD', 999999999999999n]
  ])('parses %s %s into %s minor units by the ISO 4217 exponent', (value, currency, minor) => {
    expect(parseAmount(value, currency)).toBe(minor)
  })

  it.each([
    ['-1.00', 'USD', /negative/],
    [' -1', 'USD', /negative/],
    ['0', 'USD', /greater than zero/],
    ['0.00', 'USD', /greater than zero/],
    ['NaN', 'USD', /not a decimal/],
    ['Infinity', 'USD', /not a decimal/],
    ['1e309', 'USD', /not a decimal/],
    ['1e3', 'USD', /not a decimal/],
    ['12.345', 'USD', /at most 2 decimal places/],
    ['1.5', 'JPY', /no minor unit/],
    ['1.2345', 'KWD', /at most 3 decimal places/],
    [' 12.34', 'USD', /not a decimal/],
    ['12.34 ', 'USD', /not a decimal/],
    ['1 000', 'USD', /not a decimal/],
    ['1,000', 'USD', /not a decimal/],
    ['1,50', 'EUR', /not a decimal/],
    ['+5', 'USD', /not a decimal/],
    ['.5', 'USD', /not a decimal/],
    ['5.', 'USD', /not a decimal/],
    ['0x10', 'USD', /not a decimal/],
    ['１２', 'USD', /not a decimal/],
    ['', 'USD', /not a decimal/],
    ['10000000000000', 'USD', /too large/],
    ['99999999999999999999.99', 'USD', /too large/]
  ])('rejects %j in %s', (value, currency, message) => {
    expect(() => parseAmount(value, currency)).toThrow(AmountError)
    expect(() => parseAmount(value, currency)).toThrow(message)
  })

  it('accepts zero only when asked to', () => {
    expect(parseAmount('0', 'USD', { allowZero: true })).toBe(0n)
  })

  it('refuses a value that is not a string even if it looks like money', () => {
    expect(() => parseAmount(12.34 as unknown as string, 'USD')).toThrow(AmountError)
  })

  it('throws for an unknown currency', () => {
    expect(() => parseAmount('1.00', 'XXX')).toThrow(/Unknown currency/)
  })
})

describe('formatMinor', () => {
  it.each([
    [1234n, 'USD', '12.34'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-1234n, 'USD', '-12.34'],
    [-5n, 'USD', '-0.05'],
    [500n, 'JPY', '500'],
    [-500n, 'JPY', '-500'],
    [1234n, 'KWD', '1.234'],
    [5n, 'BTC', '0.00000005'],
    [2_100_000_000_000_000n, 'BTC', '21000000.00000000'],
    [-12345n, 'BTC', '-0.00012345']
  ])('formats %s %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text)
  })

  it('round-trips with parseAmount for every exponent', () => {
    for (const [text, currency] of [
      ['12.34', 'USD'],
      ['1234', 'JPY'],
      ['1.234', 'KWD']
    ] as const) {
      expect(formatMinor(parseAmount(text, currency), currency)).toBe(text)
    }
  })
})

describe('formatDisplay', () => {
  it('shows a currency symbol and the currency decimals', () => {
    expect(formatDisplay('12.34', 'USD')).toBe('$12.34')
    expect(formatDisplay('12', 'USD')).toBe('$12.00')
  })

  it('groups thousands and shows no decimals for JPY', () => {
    expect(formatDisplay('1234', 'JPY')).toBe('¥1,234')
  })

  it('formats the decimal string exactly, beyond what a float could hold', () => {
    expect(formatDisplay('12345678901234567.89', 'USD')).toBe('$12,345,678,901,234,567.89')
  })

  it('shows BTC amounts as given with the unit', () => {
    expect(formatDisplay('0.00012345', 'BTC')).toBe('0.00012345 BTC')
  })
})

describe('fiatToSats', () => {
  it('converts exactly when the result is whole', () => {
    expect(fiatToSats(6_500_000n, 'USD', '65000.00')).toBe(100_000_000n)
  })

  it('rounds up so the customer never pays less than the price', () => {
    // 0.01 USD / 65000 USD per BTC = 15.38… sats
    expect(fiatToSats(1n, 'USD', '65000')).toBe(16n)
    // 12.34 USD / 65000 = 18984.61… sats
    expect(fiatToSats(1234n, 'USD', '65000')).toBe(18985n)
    expect(fiatToSats(1234n, 'USD', '65000', 'down')).toBe(18984n)
  })

  it('uses the currency exponent (JPY has none)', () => {
    // 1500 JPY at 9,750,000 JPY per BTC = 15384.6… sats
    expect(fiatToSats(1500n, 'JPY', '9750000')).toBe(15385n)
  })

  it.each(['0', '-65000', 'abc', '6.5e4'])('rejects the rate %j', (rate) => {
    expect(() => fiatToSats(1n, 'USD', rate)).toThrow(AmountError)
  })
})

describe('satsToFiat', () => {
  it('rounds half to even by default', () => {
    // 100 sats * 65000 = 6.5 cents → 6; 300 sats = 19.5 cents → 20
    expect(satsToFiat(100n, 'USD', '65000')).toBe(6n)
    expect(satsToFiat(300n, 'USD', '65000')).toBe(20n)
    expect(satsToFiat(100n, 'USD', '65000', 'up')).toBe(7n)
  })

  it('converts exactly when the result is whole', () => {
    expect(satsToFiat(100_000_000n, 'USD', '65000.00')).toBe(6_500_000n)
  })
})

describe('percentOf', () => {
  it('takes a percentage of minor units with explicit rounding', () => {
    expect(percentOf(1000n, '7.5')).toBe(75n)
    expect(percentOf(1234n, '10')).toBe(123n)
    expect(percentOf(125n, '10')).toBe(12n) // 12.5 → half-even 12
    expect(percentOf(135n, '10')).toBe(14n) // 13.5 → half-even 14
    expect(percentOf(125n, '10', 'up')).toBe(13n)
    expect(percentOf(1234n, '100')).toBe(1234n)
  })

  it('rejects a percentage that is not a plain decimal', () => {
    expect(() => percentOf(100n, '-5')).toThrow(AmountError)
    expect(() => percentOf(100n, '5%')).toThrow(AmountError)
  })
})

describe('decimalToMinor', () => {
  it.each([
    ['12.3456', 'USD', 1235n],
    ['12.345', 'USD', 1234n],
    ['12.355', 'USD', 1236n],
    ['-1.005', 'USD', -100n],
    ['-12.34', 'USD', -1234n],
    ['12', 'USD', 1200n],
    ['1234.5', 'JPY', 1234n],
    ['1235.5', 'JPY', 1236n]
  ])('rounds %s %s half-even to %s', (value, currency, minor) => {
    expect(decimalToMinor(value, currency)).toBe(minor)
  })

  it('rounds in the asked direction', () => {
    expect(decimalToMinor('12.341', 'USD', 'up')).toBe(1235n)
    expect(decimalToMinor('12.349', 'USD', 'down')).toBe(1234n)
  })

  it.each(['abc', '1e5', '', '1,5'])('rejects %j', (value) => {
    expect(() => decimalToMinor(value, 'USD')).toThrow(AmountError)
  })
})

describe('btcToSats / satsToBtc', () => {
  it.each([
    ['0.00012345', 12345n],
    ['1.00000000', 100_000_000n],
    ['0.00000001', 1n],
    ['0.00000000', 0n],
    ['21000000.00000000', 2_100_000_000_000_000n]
  ])('%s BTC ↔ %s sats', (btc, sats) => {
    expect(btcToSats(btc)).toBe(sats)
    expect(satsToBtc(sats)).toBe(btc)
    expect(btcToSats(satsToBtc(sats))).toBe(sats)
  })

  it('accepts fewer than 8 decimals and refuses more', () => {
    expect(btcToSats('1.5')).toBe(150_000_000n)
    expect(() => btcToSats('0.000000001')).toThrow(AmountError)
  })
})
