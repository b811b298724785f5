/**
 * `npm run simulators`: start the BTCPay Server, Plisio and BTPay simulators on 127.0.0.1 so the till can be tried
 * against each processor without an account. Prints what to type in Settings and how to pay an invoice.
 * Ports: KASSA_SIM_BTCPAY_PORT (default 14142), KASSA_SIM_PLISIO_PORT (14143), KASSA_SIM_BTPAY_PORT (14144).
 * These are test doubles faithful to ../shared/reference; they move no money.
 */
import { startBtcpaySimulator } from '../tests/simulators/btcpay'
import { startBtpaySimulator } from '../tests/simulators/btpay'
import { startPlisioSimulator } from '../tests/simulators/plisio'

function port(name: string, fallback: number): number {
  const value = process.env[name]
  return value && /^\d+$/.test(value) ? Number.parseInt(value, 10) : fallback
}

async function main(): Promise<void> {
  const btcpay = await startBtcpaySimulator({ port: port('KASSA_SIM_BTCPAY_PORT', 14142) })
  const plisio = await startPlisioSimulator({ port: port('KASSA_SIM_PLISIO_PORT', 14143) })
  const btpay = await startBtpaySimulator({ port: port('KASSA_SIM_BTPAY_PORT', 14144) })
  const post = (url: string, body: string) =>
    `curl -s -X POST ${url} -H 'content-type: application/json' -d '${body}'`
  console.log(
    [
      'Processor simulators (test doubles: no real money moves)',
      '',
      'BTCPay Server → Settings → BTCPay Server',
      `  Server URL  ${btcpay.url}`,
      `  API key     ${btcpay.apiKey}`,
      `  Store id    ${btcpay.storeId}`,
      `  Pay:        ${post(`${btcpay.url}/__control/pay`, '{"invoiceId":"<invoice id>"}')}`,
      `  Confirm:    ${post(`${btcpay.url}/__control/settle`, '{"invoiceId":"<invoice id>"}')}`,
      '',
      'Plisio → start the till with this, then Settings → Plisio',
      `  KASSA_PLISIO_API_URL=${plisio.url} npm run web`,
      `  Secret key  ${plisio.apiKey}`,
      `  Pay:        ${post(`${plisio.origin}/__control/pay-full`, '{"txnId":"<invoice id>"}')}`,
      '',
      'BTPay → Settings → BTPay',
      `  Base URL    ${btpay.url}`,
      `  API key     ${btpay.apiKey}`,
      `  Pay:        ${post(`${btpay.url}/__control/pay`, '{"invoice":"<invoice number>"}')}`,
      `  Confirm:    ${post(`${btpay.url}/__control/confirm`, '{"invoice":"<invoice number>"}')}`,
      '',
      'Ctrl+C stops them.'
    ].join('\n')
  )
  const stop = async (): Promise<void> => {
    await Promise.allSettled([btcpay.close(), plisio.close(), btpay.close()])
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error('[simulators] could not start:', error)
  process.exit(1)
})
