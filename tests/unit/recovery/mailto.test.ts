import { describe, expect, it } from 'vitest'
import { mailtoUrl } from '../../../src/shared/mailto'

describe('mailto URLs (RFC 6068)', () => {
  it('percent-encodes subject and body, line breaks as %0D%0A, the @ of the address kept', () => {
    expect(
      mailtoUrl(
        'anna@example.org',
        'Ihr Einkauf: 12,50 €',
        'Guten Tag,\nbitte zahlen: https://p.example/?a=1&b=2\r\nDanke'
      )
    ).toBe(
      'mailto:anna@example.org?subject=Ihr%20Einkauf%3A%2012%2C50%20%E2%82%AC' +
        '&body=Guten%20Tag%2C%0D%0Abitte%20zahlen%3A%20https%3A%2F%2Fp.example%2F%3Fa%3D1%26b%3D2%0D%0ADanke'
    )
  })

  it('encodes what would end or split the address (?, &, %, #, +)', () => {
    const url = mailtoUrl('a+b&c%d#e?f@example.org', 's', 'b')
    expect(url).toBe('mailto:a%2Bb%26c%25d%23e%3Ff@example.org?subject=s&body=b')
    expect(decodeURIComponent(url.slice('mailto:'.length, url.indexOf('?')))).toBe('a+b&c%d#e?f@example.org')
  })

  it('a lone CR becomes CRLF too, and nothing is left unencoded that RFC 6068 reserves', () => {
    const url = mailtoUrl('x@y.example', 'a', 'one\rtwo\n\nthree')
    expect(url.endsWith('body=one%0D%0Atwo%0D%0A%0D%0Athree')).toBe(true)
    expect(url.slice(url.indexOf('?') + 1)).not.toMatch(/[ #"<>\n\r]/)
  })
})
