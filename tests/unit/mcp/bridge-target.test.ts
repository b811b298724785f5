import { describe, expect, it } from 'vitest'
import { bridgeTarget, DEFAULT_MCP_URL } from '../../../src/main/mcp/stdio-bridge'

const TOKEN = 'kag_' + 'a'.repeat(43)

describe('bridgeTarget (kassa mcp: where the client token may go)', () => {
  it('defaults to the till on 127.0.0.1:7420 and takes localhost forms', () => {
    expect(bridgeTarget({ KASSA_MCP_TOKEN: TOKEN })).toEqual({ url: new URL(DEFAULT_MCP_URL), token: TOKEN })
    for (const url of ['http://localhost:8123/mcp', 'http://127.0.0.1:9000/mcp', 'http://[::1]:7420/mcp']) {
      expect(bridgeTarget({ KASSA_MCP_TOKEN: TOKEN, KASSA_MCP_URL: url })).toEqual({
        url: new URL(url),
        token: TOKEN
      })
    }
  })

  it('refuses a missing token, a non-http address, and any other host (the token would leave this computer)', () => {
    expect(bridgeTarget({})).toMatchObject({ problem: expect.stringContaining('KASSA_MCP_TOKEN is not set') })
    expect(bridgeTarget({ KASSA_MCP_TOKEN: TOKEN, KASSA_MCP_URL: 'not a url' })).toMatchObject({
      problem: expect.stringContaining('is not a URL')
    })
    expect(bridgeTarget({ KASSA_MCP_TOKEN: TOKEN, KASSA_MCP_URL: 'https://127.0.0.1/mcp' })).toMatchObject({
      problem: expect.stringContaining('http://')
    })
    for (const url of [
      'http://till.example/mcp',
      'http://192.168.1.20:7420/mcp',
      'http://127.0.0.1.evil.example/'
    ]) {
      const target = bridgeTarget({ KASSA_MCP_TOKEN: TOKEN, KASSA_MCP_URL: url })
      expect(target).toMatchObject({ problem: expect.stringContaining('must name this computer') })
      expect(JSON.stringify(target)).not.toContain(TOKEN)
    }
  })
})
