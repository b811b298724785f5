import { describe, expect, it } from 'vitest'
import { isKioskBlockedKey, type KioskKeyInput } from '../../../src/main/kiosk/blocked-keys'

const down = (key: string, mods: Partial<KioskKeyInput> = {}): KioskKeyInput => ({
  type: 'keyDown',
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key,
  ...mods
})

describe('isKioskBlockedKey', () => {
  it.each([
    ['F12', down('F12')],
    ['Ctrl+Shift+I', down('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', down('J', { control: true, shift: true })],
    ['Ctrl+Shift+C', down('C', { control: true, shift: true })],
    ['Cmd+Alt+I', down('i', { meta: true, alt: true })],
    ['F5', down('F5')],
    ['Ctrl+F5', down('F5', { control: true })],
    ['Ctrl+R', down('r', { control: true })],
    ['Ctrl+Shift+R', down('R', { control: true, shift: true })],
    ['Alt+F4', down('F4', { alt: true })],
    ['Ctrl+F4', down('F4', { control: true })],
    ['Ctrl+W', down('w', { control: true })],
    ['Ctrl+Q', down('q', { control: true })],
    ['Cmd+Q', down('q', { meta: true })],
    ['F11', down('F11')],
    ['Ctrl+P', down('p', { control: true })],
    ['Ctrl+N', down('n', { control: true })],
    ['Ctrl++', down('+', { control: true, code: 'Equal' })],
    ['Ctrl+-', down('-', { control: true, code: 'Minus' })],
    ['Ctrl+0', down('0', { control: true, code: 'Digit0' })],
    ['rawKeyDown F12', { type: 'rawKeyDown', key: 'F12', code: 'F12' }],
    // A layout whose letter differs from the key's place: the physical key decides too.
    ['Ctrl+R by code', { type: 'keyDown', key: 'к', code: 'KeyR', control: true }]
  ])('blocks %s', (_name, input) => {
    expect(isKioskBlockedKey(input)).toBe(true)
  })

  it.each([
    ['a letter', down('a')],
    ['a digit', down('5', { code: 'Digit5' })],
    ['Enter', down('Enter')],
    ['Backspace', down('Backspace')],
    ['Escape', down('Escape')],
    ['Shift+A', down('A', { shift: true })],
    ['Ctrl+Alt+K (the owner exit)', down('k', { control: true, alt: true })],
    ['AltGr+Q (@ on a German layout)', down('@', { control: true, alt: true, code: 'KeyQ' })],
    ['Ctrl+C (copy)', down('c', { control: true })],
    ['Ctrl+V (paste)', down('v', { control: true })],
    ['F12 released', { type: 'keyUp', key: 'F12', code: 'F12' }],
    ['F4 alone', down('F4')]
  ])('lets %s through', (_name, input) => {
    expect(isKioskBlockedKey(input)).toBe(false)
  })
})
