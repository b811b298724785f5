import Big from 'big.js'
import type { SimCoin, SimInvoice, SimShop, SimWithdrawal } from './state'
import { cryptoFor, defaultCoins, fakeAddress, newId } from './state'

/** A simulated HTTP answer. `body` is sent as-is when a string, else as JSON. */
export interface SimResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

const DECIMAL = /^\d+(\.\d+)?$/
const IP_ENDPOINTS = /^(balances|operations)(\/|$)/

function ok(data: unknown, status = 200): SimResponse {
  return { status, body: { status: 'success', data } }
}

/** Plisio's error envelope. `message` is a string, or an object sent as a JSON string (field errors). */
export function fail(
  status: number,
  name: string,
  message: string | Record<string, string>,
  code = 0
): SimResponse {
  return {
    status,
    body: {
      status: 'error',
      data: { name, message: typeof message === 'string' ? message : JSON.stringify(message), code }
    }
  }
}

const unprocessable = (message: string | Record<string, string>, code = 0): SimResponse =>
  fail(422, 'Unprocessable entity', message, code)

/** The simulated Plisio API: state plus one handler per endpoint, faithful to the reference notes. */
export class PlisioApi {
  apiKey = `sim_${newId()}`
  shop: SimShop = { id: newId(), name: 'Kassa Test Shop', whiteLabel: true, commissionPayment: 'shop' }
  coins: SimCoin[] = defaultCoins()
  invoices = new Map<string, SimInvoice>()
  withdrawals = new Map<string, SimWithdrawal>()
  balances: Record<string, string> = { BTC: '0.05000000', ETH: '1.00000000', LTC: '0', USDT_TRX: '0' }
  ipAllowed = true
  clientIp = '127.0.0.1'

  constructor(readonly origin: () => string) {}

  /** Route one GET under /api/v1. */
  handle(path: string, query: URLSearchParams): SimResponse {
    if (path === 'currencies' || path.startsWith('currencies/'))
      return this.currencies(decodeURIComponent(path.split('/')[1] ?? 'USD'))
    const key = query.get('api_key')
    if (!key || key !== this.apiKey)
      return fail(401, 'Unauthorized', 'Your request was made with invalid credentials.', 0)
    if (IP_ENDPOINTS.test(path) && !this.ipAllowed)
      return unprocessable(`Request IP ${this.clientIp} is not allowed: set Request IP in the API settings`)
    const parts = path.split('/').map(decodeURIComponent)
    const [head, second, third] = parts
    if (head === 'shops' && parts.length === 1) return this.shops()
    if (head === 'invoices' && second === 'new') return this.newInvoice(query)
    if (head === 'invoices' && second && parts.length === 2) return this.invoiceDetails(second)
    if (head === 'balances' && second) return this.balance(second)
    if (head === 'operations') {
      if (parts.length === 1) return this.list(query)
      if (second === 'withdraw') return this.withdraw(query)
      if (second === 'fee' && third) return this.fee(third, query)
      if (second === 'commission' && third) return this.commission(third, query)
      if (second === 'fee-plan' && third) return this.feePlans(third)
      if (second && parts.length === 2) return this.operation(second)
    }
    return fail(404, 'Not Found', 'Page not found.', 0)
  }

  private coin(cid: string | null | undefined): SimCoin | undefined {
    return this.coins.find((c) => c.cid === cid)
  }

  private shops(): SimResponse {
    return ok({
      id: this.shop.id,
      name: this.shop.name,
      link: 'https://shop.example',
      logo: null,
      commission_payment: this.shop.commissionPayment,
      white_label: this.shop.whiteLabel,
      extra_commission: 0,
      verified: true
    })
  }

  private currencies(fiat: string): SimResponse {
    if (!this.coins.some((c) => c.prices[fiat]))
      return unprocessable(`Unsupported fiat currency ${fiat}`, 105)
    return ok(
      this.coins.map((c) => ({
        name: c.name,
        cid: c.cid,
        currency: c.currency,
        icon: `https://plisio.net/img/psys-icon/${c.cid}.svg`,
        rate_usd: c.prices.USD ? new Big(1).div(new Big(c.prices.USD)).toFixed(8) : null,
        price_usd: c.prices.USD ?? null,
        precision: '8',
        output_precision: '8',
        fiat,
        fiat_rate: c.prices[fiat] ?? null,
        min_sum_in: c.minSumIn,
        invoice_commission_percentage: c.commissionPercent,
        hidden: c.hidden ? 1 : 0,
        maintenance: c.maintenance
      }))
    )
  }

  private newInvoice(q: URLSearchParams): SimResponse {
    const orderNumber = q.get('order_number') ?? ''
    const orderName = q.get('order_name') ?? ''
    const errors: Record<string, string> = {}
    if (!orderNumber) errors.order_number = 'Order Number cannot be blank.'
    if (!orderName) errors.order_name = 'Order Name cannot be blank.'
    const sourceCurrency = q.get('source_currency') ?? 'USD'
    const sourceAmount = q.get('source_amount') ?? ''
    if (!DECIMAL.test(sourceAmount) || new Big(sourceAmount).lte(0))
      errors.source_amount = 'Source Amount must be a number.'
    const expireMin = q.get('expire_min')
    if (expireMin !== null && !/^\d+$/.test(expireMin)) errors.expire_min = 'Expire Min must be an integer.'
    if (Object.keys(errors).length > 0) return unprocessable(errors)

    const allowed = (q.get('allowed_psys_cids') ?? '').split(',').filter(Boolean)
    const cid = q.get('currency') ?? allowed[0] ?? this.coins.find((c) => !c.hidden && !c.maintenance)?.cid
    const coin = this.coin(cid)
    if (!coin) return unprocessable(`Unsupported currency ${cid ?? ''}`, 105)
    for (const other of allowed)
      if (!this.coin(other)) return unprocessable(`Unsupported currency ${other}`, 105)
    if (coin.hidden) return unprocessable({ currency: `${coin.cid} is disabled for this shop` })
    if (coin.maintenance) return unprocessable({ currency: `${coin.cid} is on maintenance` })
    const price = coin.prices[sourceCurrency]
    if (!price) return unprocessable({ source_currency: `Unsupported source currency ${sourceCurrency}` })
    const amount = cryptoFor(sourceAmount, price)
    if (new Big(amount).lt(new Big(coin.minSumIn)))
      return unprocessable({ amount: `Minimum amount is ${coin.minSumIn} ${coin.currency}` })

    const existing = [...this.invoices.values()].find(
      (i) => i.orderNumber === orderNumber && i.status !== 'cancelled duplicate'
    )
    if (existing) {
      if (q.get('return_existing') === '1' || q.get('return_existing') === 'true')
        return ok(this.createAnswer(existing))
      return unprocessable({ order_number: 'Order Number has already been taken.' })
    }
    const now = Math.floor(Date.now() / 1000)
    const invoice: SimInvoice = {
      id: newId(),
      orderNumber,
      orderName,
      description: q.get('description') ?? '',
      email: q.get('email') ?? '',
      psysCid: coin.cid,
      currency: coin.currency,
      sourceCurrency,
      sourceAmount,
      sourceRate: price,
      amount,
      received: '0',
      status: 'new',
      walletHash: fakeAddress(coin.cid),
      createdAt: now,
      expireAt: now + Number(expireMin ?? '1440') * 60,
      tx: [],
      activeId: null,
      callbackUrl: q.get('callback_url')
    }
    this.invoices.set(invoice.id, invoice)
    return ok(this.createAnswer(invoice))
  }

  /** `invoices/new` answer: standard shop `{txn_id, invoice_url, invoice_total_sum}`, white-label much more. */
  createAnswer(i: SimInvoice): Record<string, unknown> {
    const invoiceUrl = `${this.origin()}/invoice/${i.id}`
    const commission = this.invoiceCommission(i, i.amount)
    const clientPays = this.shop.commissionPayment === 'client'
    const total = clientPays ? new Big(i.amount).plus(commission) : new Big(i.amount)
    if (!this.shop.whiteLabel)
      return { txn_id: i.id, invoice_url: invoiceUrl, invoice_total_sum: total.toFixed(8) }
    return {
      txn_id: i.id,
      invoice_url: invoiceUrl,
      amount: i.amount,
      pending_amount: new Big(i.amount).minus(new Big(i.received)).toFixed(8),
      wallet_hash: i.walletHash,
      psys_cid: i.psysCid,
      currency: i.currency,
      status: i.status,
      source_currency: i.sourceCurrency,
      source_rate: i.sourceRate,
      expire_utc: i.expireAt,
      expected_confirmations: '1',
      qr_code: 'data:image/png;base64,iVBORw0KGgo=',
      verify_hash: 'not-checked-by-kassa',
      invoice_commission: commission.toFixed(8),
      invoice_sum: clientPays ? i.amount : new Big(i.amount).minus(commission).toFixed(8),
      invoice_total_sum: total.toFixed(8)
    }
  }

  private invoiceDetails(id: string): SimResponse {
    const invoice = this.invoices.get(id)
    if (!invoice) return fail(404, 'Not Found', 'Invoice not found', 0)
    return ok({
      invoice: { id: invoice.id, status: invoice.status, paid_id: invoice.activeId },
      active_invoice_id: invoice.activeId ?? invoice.id,
      allowed_psys_cids: this.coins.filter((c) => !c.hidden).map((c) => c.cid)
    })
  }

  /** Plisio's commission on `crypto` of this invoice's coin, rounded up to 8 places. */
  private invoiceCommission(i: SimInvoice, crypto: string): Big {
    const percent = this.coin(i.psysCid)?.commissionPercent ?? '0'
    return new Big(crypto).times(new Big(percent)).div(100).round(8, Big.roundUp)
  }

  /**
   * OperationDto of an invoice, with expected and actual figures paired as Plisio's spec pairs them: `amount` is
   * the invoice's crypto amount (as `params.amount`), `actual_sum` what was received (confirmed or not),
   * `pending_sum` the unconfirmed part of it; `commission`/`actual_commission` likewise; `sum` is what the
   * customer is asked for (plus the commission when the client pays it).
   */
  operationOf(i: SimInvoice): Record<string, unknown> {
    const commission = this.invoiceCommission(i, i.amount)
    const actualCommission = this.invoiceCommission(i, i.received)
    const unconfirmed = i.tx
      .filter((t) => t.confirmations === 0)
      .reduce((sum, t) => sum.plus(new Big(t.value)), new Big(0))
    const clientPays = this.shop.commissionPayment === 'client'
    return {
      id: i.id,
      user_id: 1,
      shop_id: this.shop.id,
      type: 'invoice',
      status: i.status,
      pending_sum: unconfirmed.toFixed(8),
      psys_cid: i.psysCid,
      currency: i.currency,
      source_currency: i.sourceCurrency,
      source_rate: i.sourceRate,
      fee: null,
      wallet_hash: i.walletHash,
      params: {
        order_number: i.orderNumber,
        order_name: i.orderName,
        description: i.description,
        source_amount: i.sourceAmount,
        source_currency: i.sourceCurrency,
        amount: i.amount,
        currency: i.currency,
        psys_cid: i.psysCid,
        source_rate: i.sourceRate,
        email: i.email
      },
      expire_at_utc: i.expireAt,
      created_at_utc: i.createdAt,
      amount: i.amount,
      sum: (clientPays ? new Big(i.amount).plus(commission) : new Big(i.amount)).toFixed(8),
      commission: commission.toFixed(8),
      tx_url: i.tx.map((t) => `https://mempool.space/tx/${t.txid}`),
      tx_id: i.tx.map((t) => t.txid),
      tx: i.tx.map((t) => ({ ...t, url: `https://mempool.space/tx/${t.txid}`, block: 1, processed: true })),
      confirmations: i.tx.reduce((max, t) => Math.max(max, t.confirmations), 0),
      status_code: 0,
      parent_id: null,
      actual_sum: new Big(i.received).toFixed(8),
      actual_commission: actualCommission.toFixed(8),
      actual_fee: '0.00000000',
      actual_invoice_sum: new Big(i.received).minus(actualCommission).toFixed(8)
    }
  }

  private withdrawalOperation(w: SimWithdrawal): Record<string, unknown> {
    return {
      id: w.id,
      type: 'cash_out',
      status: w.status,
      psys_cid: w.psysCid,
      currency: this.coin(w.psysCid)?.currency ?? w.psysCid,
      fee: w.fee,
      wallet_hash: w.to,
      params: { fee: { plan: w.plan, value: w.fee } },
      created_at_utc: w.createdAt,
      amount: w.amount,
      tx_url: w.txId ? `https://mempool.space/tx/${w.txId}` : null,
      tx_id: w.txId ? [w.txId] : []
    }
  }

  private operation(id: string): SimResponse {
    const invoice = this.invoices.get(id)
    if (invoice) return ok(this.operationOf(invoice))
    const withdrawal = this.withdrawals.get(id)
    if (withdrawal) return ok(this.withdrawalOperation(withdrawal))
    return fail(404, 'Not Found', `Operation ${id} not found`, 0)
  }

  private list(q: URLSearchParams): SimResponse {
    const page = Math.max(1, Number(q.get('page') ?? '1') || 1)
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? '20') || 20))
    const type = q.get('type')
    const status = q.get('status')
    const currency = q.get('currency')
    const search = q.get('search')
    // Each operation is built only for the page it is on (a store of 10,000 invoices is listed page by page).
    let all: { createdAt: number; seq: number; op: () => Record<string, unknown> }[] = []
    let seq = 0
    if (!type || type === 'invoice') {
      for (const i of this.invoices.values()) {
        if (status && i.status !== status) continue
        if (currency && i.psysCid !== currency) continue
        if (search && ![i.orderNumber, i.email, ...i.tx.map((t) => t.txid)].includes(search)) continue
        all.push({ createdAt: i.createdAt, seq: seq++, op: () => this.operationOf(i) })
      }
    }
    if (!type || type === 'cash_out') {
      for (const w of this.withdrawals.values()) {
        if (search || (status && w.status !== status) || (currency && w.psysCid !== currency)) continue
        all.push({ createdAt: w.createdAt, seq: seq++, op: () => this.withdrawalOperation(w) })
      }
    }
    all = all.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
    const pageCount = Math.max(1, Math.ceil(all.length / limit))
    const href = (p: number): { href: string } => ({ href: `${this.origin()}/api/v1/operations?page=${p}` })
    return ok({
      operations: all.slice((page - 1) * limit, page * limit).map((x) => x.op()),
      _links: {
        self: href(page),
        ...(page < pageCount ? { next: href(page + 1) } : {}),
        last: href(pageCount)
      },
      _meta: { totalCount: all.length, pageCount, currentPage: page, perPage: limit }
    })
  }

  private balance(cid: string): SimResponse {
    const coin = this.coin(cid)
    if (!coin) return unprocessable(`Unsupported currency ${cid}`, 105)
    return ok({ psys_cid: coin.cid, currency: coin.currency, balance: this.balances[coin.cid] ?? '0' })
  }

  private payout(
    cid: string,
    q: URLSearchParams
  ): { coin: SimCoin; plan: string; fee: string; sum: Big } | SimResponse {
    const coin = this.coin(cid)
    if (!coin) return unprocessable(`Unsupported currency ${cid}`, 105)
    const plan = q.get('feePlan') ?? 'normal'
    const fee = coin.fees[plan]
    if (!fee) return unprocessable({ feePlan: `Unknown fee plan ${plan}` })
    const amounts = (q.get('amounts') ?? q.get('amount') ?? '').split(',').filter(Boolean)
    if (amounts.length === 0 || amounts.some((a) => !DECIMAL.test(a)))
      return unprocessable({ amount: 'Amount must be a number.' })
    return { coin, plan, fee, sum: amounts.reduce((s, a) => s.plus(new Big(a)), new Big(0)) }
  }

  private fee(cid: string, q: URLSearchParams): SimResponse {
    const p = this.payout(cid, q)
    if ('status' in p) return p
    return ok({ fee: p.fee, psys_cid: p.coin.cid, currency: p.coin.currency, plan: p.plan })
  }

  private commissionOf(sum: Big): string {
    return sum.times('0.005').round(8, Big.roundUp).toFixed(8)
  }

  /**
   * Without `amounts` (and `addresses`) the answer is for the coin alone: no commission yet, and `maxAmount` the most
   * the balance can send after the plan's fee and the commission on that.
   */
  private commission(cid: string, q: URLSearchParams): SimResponse {
    const alone = !q.get('amounts') && !q.get('amount') && !q.get('addresses')
    const p = this.payout(cid, alone ? new URLSearchParams({ ...Object.fromEntries(q), amounts: '0' }) : q)
    if ('status' in p) return p
    if (alone) {
      const balance = new Big(this.balances[p.coin.cid] ?? '0')
      // maxAmount + 0.5 % of it + fee = balance, rounded down to the satoshi.
      const max = balance.minus(new Big(p.fee)).div('1.005').round(8, Big.roundDown)
      return ok({
        commission: '0.00000000',
        fee: p.fee,
        plan: p.plan,
        useWallet: 'balance',
        useWalletBalance: balance.toFixed(8),
        plans: Object.keys(p.coin.fees),
        custom: {},
        maxAmount: (max.gt(0) ? max : new Big(0)).toFixed(8),
        errors: []
      })
    }
    const balance = new Big(this.balances[p.coin.cid] ?? '0')
    const commission = this.commissionOf(p.sum)
    const max = balance.minus(new Big(p.fee)).minus(new Big(commission))
    return ok({
      commission,
      fee: p.fee,
      plan: p.plan,
      useWallet: 'balance',
      useWalletBalance: balance.toFixed(8),
      plans: Object.keys(p.coin.fees),
      custom: {},
      maxAmount: (max.gt(0) ? max : new Big(0)).toFixed(8),
      errors: []
    })
  }

  private feePlans(cid: string): SimResponse {
    const coin = this.coin(cid)
    if (!coin) return unprocessable(`Unsupported currency ${cid}`, 105)
    const plans: Record<string, unknown> = {}
    let target = 1
    for (const [name, value] of Object.entries(coin.fees)) plans[name] = { conf_target: target++, value }
    return ok(plans)
  }

  private withdraw(q: URLSearchParams): SimResponse {
    const cid = q.get('psys_cid') ?? q.get('currency')
    const to = q.get('to') ?? ''
    if (!to) return unprocessable({ to: 'To cannot be blank.' })
    const p = this.payout(cid ?? '', q)
    if ('status' in p) return p
    const commission = this.commissionOf(p.sum)
    const total = p.sum.plus(new Big(p.fee)).plus(new Big(commission))
    const balance = new Big(this.balances[p.coin.cid] ?? '0')
    if (total.gt(balance)) return unprocessable({ balance: 'Insufficient funds on balance' }, 116)
    this.balances[p.coin.cid] = balance.minus(total).toFixed(8)
    const withdrawal: SimWithdrawal = {
      id: newId(),
      psysCid: p.coin.cid,
      to,
      amount: p.sum.toFixed(8),
      fee: p.fee,
      plan: p.plan,
      status: 'pending',
      createdAt: Math.floor(Date.now() / 1000)
    }
    this.withdrawals.set(withdrawal.id, withdrawal)
    return ok(this.withdrawalOperation(withdrawal), 201)
  }
}
