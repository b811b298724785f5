import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { allowedHostHeaders, isLoopback, pairingOrigin } from '../../../src/main/web/listen-hosts'

describe('the Host headers the web host answers', () => {
  it('on loopback (the default): that address and localhost only', () => {
    expect([...allowedHostHeaders('127.0.0.1', 4000)].sort()).toEqual(['127.0.0.1:4000', 'localhost:4000'])
    expect(pairingOrigin('127.0.0.1', 4000)).toEqual({ origin: 'http://127.0.0.1:4000', loopbackOnly: true })
  })

  it('on a LAN address: it and localhost, and the pairing URL names it', () => {
    expect([...allowedHostHeaders('192.168.1.20', 4000)].sort()).toEqual([
      '192.168.1.20:4000',
      'localhost:4000'
    ])
    expect(pairingOrigin('192.168.1.20', 4000)).toEqual({
      origin: 'http://192.168.1.20:4000',
      loopbackOnly: false
    })
  })

  it('on 0.0.0.0: every address of this computer, never another name', () => {
    const hosts = allowedHostHeaders('0.0.0.0', 4000)
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === 'IPv4')
      .map((entry) => `${entry!.address}:4000`)
    for (const host of own) expect(hosts.has(host)).toBe(true)
    expect(hosts.has('127.0.0.1:4000')).toBe(true)
    expect(hosts.has('evil.example:4000')).toBe(false)
    expect(hosts.has('127.0.0.1:4001')).toBe(false)
    const { origin, loopbackOnly } = pairingOrigin('0.0.0.0', 4000)
    expect(origin).not.toContain('0.0.0.0')
    expect(loopbackOnly).toBe(isLoopback(new URL(origin).hostname))
  })
})
