import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RefundView, SaleView } from '@shared/contract'
import { removeDir, startTill, tillCall, type Till } from '../e2e/harness'
import { waitFor } from '../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../simulators/plisio'
import { TestSmtpServer } from '../simulators/smtp'
import { readLedger, readPlisioInvoices, type PlisioInvoiceOp } from './crash-harness'
import { startFaultProxy, type FaultProxy } from './fault-proxy'

/**
 * What both kill loops stand on: the BTCPay and Plisio simulators (behind a fault proxy each when `faults`), an
 * SMTP server set as the till's mail server (`smtp`), one data folder, and the built web host started, killed
 * (SIGKILL) and started again over it.
 */
export interface ChaosRig {
  btcpay: BtcpaySimulator
  plisio: PlisioSimulator
  smtp: TestSmtpServer | null
  /** The proxies the till talks to the simulators through, or null (straight to them). */
  proxies: { btcpay: FaultProxy; plisio: FaultProxy } | null
  dataDir: string
  /** The till running now (changes at each `start`). */
  readonly till: Till
  /** Start the till over the data folder. */
  start(): Promise<Till>
  /** SIGKILL the till and wait for it to be gone. */
  kill(): Promise<void>
  call<T>(name: string, input: Record<string, unknown>): Promise<T>
  /** Connect Plisio (10 BTC balance for withdrawals), BTCPay and, with `smtp`, the shop's mail server. */
  connect(): Promise<void>
  /** Make `processor` the till's own (the one `sale:charge` uses). */
  use(processor: 'btcpay' | 'plisio'): Promise<void>
  /**
   * Make `processor` the till's own, charge `amount` USD on it, have the customer pay it in full at the simulator,
   * and wait until the till says paid.
   */
  paidSale(processor: 'btcpay' | 'plisio', amount: string): Promise<SaleView>
  /** Charge `amount` USD on `processor`, let its invoice expire unpaid at the simulator; wait until it is expired. */
  expiredSale(processor: 'btcpay' | 'plisio', amount: string): Promise<SaleView>
  /**
   * Wait until the (restarted) till has resumed everything — no sale creating, no refund pending, no payment
   * request creating, no message sending — asking again as the owner would for withdrawals of unknown fate and
   * requests left creating. With `catchUp`, also read every invoice whose status the simulator has moved on.
   */
  settle(catchUp?: boolean): Promise<void>
  /** Every invoice the Plisio simulator holds. */
  plisioInvoices(): Promise<PlisioInvoiceOp[]>
  close(): Promise<void>
}

/**
 * Start the simulators (and proxies, SMTP server) and make a data folder; the till is not started yet.
 * @param options.env extra environment for the till
 */
export async function startRig(options: {
  faults: boolean
  smtp: boolean
  env?: Record<string, string>
}): Promise<ChaosRig> {
  const [btcpay, plisio, smtp] = await Promise.all([
    startBtcpaySimulator(),
    startPlisioSimulator(),
    options.smtp ? TestSmtpServer.start() : Promise.resolve(null)
  ])
  const proxies = options.faults
    ? {
        btcpay: await startFaultProxy(new URL(btcpay.url).origin),
        plisio: await startFaultProxy(plisio.origin)
      }
    : null
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-chaos-'))
  const keychainService = `KassaChaos-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  let till: Till | null = null
  const call = <T>(name: string, input: Record<string, unknown>) => tillCall<T>(rig.till, name, input)

  const rig: ChaosRig = {
    btcpay,
    plisio,
    smtp,
    proxies,
    dataDir,
    get till() {
      if (!till) throw new Error('the till is not started')
      return till
    },
    async start() {
      till = await startTill(
        {
          KASSA_PLISIO_API_URL: proxies?.plisio.wrap(plisio.url) ?? plisio.url,
          KASSA_KEYCHAIN_SERVICE: keychainService,
          // The outbox and retries wait for a processor to be seen online again: check often under faults.
          ...(options.faults && { KASSA_HEALTH_INTERVAL_MS: '500' }),
          ...options.env
        },
        dataDir
      )
      return till
    },
    async kill() {
      const process = rig.till.process
      if (process.exitCode !== null || process.signalCode !== null) return
      const gone = new Promise((resolve) => process.once('exit', resolve))
      process.kill('SIGKILL')
      await gone
    },
    call,
    async connect() {
      await call('processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
      plisio.control.setBalance('BTC', '10.00000000')
      await call('processor:connect', {
        processor: 'btcpay',
        serverUrl: proxies?.btcpay.wrap(btcpay.url) ?? btcpay.url,
        storeId: btcpay.storeId,
        apiKey: btcpay.apiKey
      })
      if (smtp) {
        await call('settings:update', {
          receipt: {
            shop: { name: 'Chaos Café' },
            email: {
              host: '127.0.0.1',
              port: smtp.port,
              security: 'none',
              from: 'Chaos Café <shop@chaos.example>'
            }
          }
        })
      }
    },
    async use(processor) {
      await call('settings:update', { processor })
    },
    async paidSale(processor, amount) {
      await rig.use(processor)
      const sale = await call<SaleView>('sale:charge', {
        amount,
        currency: 'USD',
        ...(processor === 'plisio' && { paymentMethod: 'BTC' })
      })
      if (processor === 'btcpay') {
        btcpay.control.pay(sale.invoice!.id, 'full')
        btcpay.control.settle(sale.invoice!.id)
      } else {
        plisio.control.payFull(sale.invoice!.id)
      }
      await call('invoice:focus', { saleId: sale.id })
      return waitFor(
        () => call<SaleView>('sale:get', { saleId: sale.id }),
        (s) => s.state === 'paid',
        { what: `${processor} sale paid` }
      )
    },
    async expiredSale(processor, amount) {
      await rig.use(processor)
      const sale = await call<SaleView>('sale:charge', {
        amount,
        currency: 'USD',
        customer: { name: 'Ada Chaos', email: 'ada@example.org' },
        ...(processor === 'plisio' && { paymentMethod: 'BTC' })
      })
      if (processor === 'btcpay') btcpay.control.expire(sale.invoice!.id)
      else plisio.control.expire(sale.invoice!.id)
      await call('invoice:focus', { saleId: sale.id })
      return waitFor(
        () => call<SaleView>('sale:get', { saleId: sale.id }),
        (s) => s.state === 'expired',
        { what: `${processor} sale expired` }
      )
    },
    async settle(catchUp = false) {
      await waitFor(
        () => readLedger(dataDir),
        (l) =>
          !l.sales.some((s) => s.state === 'creating') &&
          !l.refunds.some((r) => r.state === 'pending') &&
          !l.messages.some((m) => m.state === 'sending'),
        { timeoutMs: 20_000, what: 'the till to finish resuming' }
      )
      const ledger = readLedger(dataDir)
      // The owner's "check again" on withdrawals of unknown fate (a request in flight at the kill may land later).
      for (const refund of ledger.refunds.filter((r) => r.state === 'unknown')) {
        await call<RefundView>('refund:refresh', { refundId: refund.id })
      }
      // The owner's "check again" on a payment request whose creation a kill or a fault cut short.
      for (const request of ledger.requests.filter((r) => r.status === 'creating')) {
        await call('recovery:refresh', { itemId: request.item_id })
      }
      if (catchUp) await catchUpInvoices()
    },
    plisioInvoices: () => readPlisioInvoices(plisio),
    async close() {
      if (till) await till.stop()
      await Promise.all([
        btcpay.close(),
        plisio.close(),
        smtp?.close(),
        proxies?.btcpay.close(),
        proxies?.plisio.close()
      ])
      removeDir(dataDir)
    }
  }

  /** Read (focus) each invoice whose status at its simulator is not yet the ledger's, until they agree. */
  async function catchUpInvoices(): Promise<void> {
    const simStatus = async (): Promise<Map<string, string>> => {
      const map = new Map<string, string>()
      for (const invoice of btcpay.state.invoices.values()) map.set(invoice.id, invoice.status)
      for (const invoice of await readPlisioInvoices(plisio)) map.set(invoice.id, invoice.status)
      return map
    }
    const behind = async () => {
      const sim = await simStatus()
      return readLedger(dataDir).invoices.filter(
        (row) => sim.get(row.id) !== (row.processor === 'plisio' ? row.raw_status : row.status)
      )
    }
    const lagging = await behind()
    if (process.env.KASSA_CHAOS_VERBOSE === '1' && lagging.length)
      console.log(`catching up ${lagging.map((r) => `${r.id} ${r.status}/${r.raw_status}`).join(', ')}`)
    for (const row of lagging) {
      await call('invoice:focus', { saleId: row.sale_id })
      await waitFor(behind, (rows) => !rows.some((r) => r.id === row.id), {
        timeoutMs: 10_000,
        intervalMs: 50,
        what: `invoice ${row.id} to catch up`
      }).catch(() => undefined)
    }
    await call('invoice:focus', { saleId: null })
  }

  return rig
}
