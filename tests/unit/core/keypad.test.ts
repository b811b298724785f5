import { describe, expect, it } from 'vitest'
import { KEYPAD_MAX_DIGITS, keypadAmount, keypadPress, type KeypadKey } from '@shared/keypad'

function press(...keys: KeypadKey[]): string {
  return keys.reduce((digits, key) => keypadPress(digits, key), '')
}

describe('keypad', () => {
  it('fills digits from the right in the currency exponent', () => {
    const digits = press('1', '2', '3', '4')
    expect(keypadAmount(digits, 'USD')).toBe('12.34')
    expect(keypadAmount(digits, 'JPY')).toBe('1234')
    expect(keypadAmount(digits, 'KWD')).toBe('1.234')
  })

  it('shows zero in the currency format when nothing is typed', () => {
    expect(keypadAmount('', 'USD')).toBe('0.00')
    expect(keypadAmount('', 'JPY')).toBe('0')
    expect(keypadAmount('', 'KWD')).toBe('0.000')
  })

  it('types two zeros with 00', () => {
    expect(keypadAmount(press('5', '00'), 'USD')).toBe('5.00')
    expect(keypadAmount(press('1', '00', '00'), 'JPY')).toBe('10000')
  })

  it('drops leading zeros, including a leading 00', () => {
    expect(press('0', '0', '5')).toBe('5')
    expect(press('00', '7')).toBe('7')
    expect(press('00')).toBe('')
  })

  it('removes the last digit with backspace, and does nothing on empty', () => {
    expect(press('1', '2', '3', '⌫')).toBe('12')
    expect(keypadAmount(press('1', '2', '3', '⌫'), 'USD')).toBe('0.12')
    expect(press('⌫')).toBe('')
  })

  it('clears everything with C', () => {
    expect(press('9', '9', '9', 'C')).toBe('')
    expect(press('9', 'C', '4')).toBe('4')
  })

  it('ignores digits beyond the maximum', () => {
    const full = press(...(Array.from({ length: KEYPAD_MAX_DIGITS }, () => '9') as KeypadKey[]))
    expect(full).toHaveLength(KEYPAD_MAX_DIGITS)
    expect(keypadPress(full, '1')).toBe(full)
    expect(keypadPress(full.slice(1), '00')).toBe(full.slice(1)) // 00 would overflow by one
    expect(keypadPress(full, '⌫')).toHaveLength(KEYPAD_MAX_DIGITS - 1)
  })

  it('refuses an unknown currency', () => {
    expect(() => keypadAmount('12', 'XXX')).toThrow(/Unknown currency/)
  })
})
