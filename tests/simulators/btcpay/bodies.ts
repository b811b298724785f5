/** Greenfield JSON bodies built from the simulator's state, shaped after the v2.3.9/v2.4.1 OpenAPI schemas. */
import Big from 'big.js'
import type { SimInvoice, SimPayout, SimPullPayment, SimState, SimStore, SimUser, SimWebhook } from './state'

export function invoiceBody(state: SimState, invoice: SimInvoice, root: string): Record<string, unknown> {
  const manual =
    invoice.status === 'Settled'
      ? ['Invalid']
      : invoice.status === 'Invalid'
        ? ['Settled']
        : ['Settled', 'Invalid']
  return {
    id: invoice.id,
    storeId: invoice.storeId,
    amount: invoice.amount,
    paidAmount: state.paidFiat(invoice),
    currency: invoice.currency,
    type: 'Standard',
    checkoutLink: `${root}/i/${invoice.id}`,
    createdTime: invoice.createdTime,
    expirationTime: invoice.expirationTime,
    monitoringExpiration: invoice.monitoringExpiration,
    status: invoice.status,
    additionalStatus: invoice.additionalStatus,
    availableStatusesForManualMarking: manual,
    archived: invoice.archived,
    metadata: invoice.metadata,
    checkout: {
      speedPolicy: 'MediumSpeed',
      paymentMethods: invoice.methods,
      defaultPaymentMethod: invoice.methods[0] ?? null,
      lazyPaymentMethods: false,
      expirationMinutes: invoice.expirationMinutes,
      monitoringMinutes: Math.round((invoice.monitoringExpiration - invoice.expirationTime) / 60),
      paymentTolerance: 0,
      redirectURL: null,
      redirectAutomatically: false,
      defaultLanguage: null
    },
    receipt: { enabled: true, showQR: null, showPayments: null }
  }
}

export function paymentMethodsBody(state: SimState, invoice: SimInvoice): Record<string, unknown>[] {
  const due = state.due(invoice)
  const totalPaid = state.paid(invoice)
  return invoice.methods.map((method) => {
    const mine = invoice.payments.filter((p) => p.method === method)
    const methodPaid = mine
      .filter((p) => p.status !== 'Invalid')
      .reduce((s, p) => s.plus(p.value), new Big('0'))
    const destination = method === 'BTC-CHAIN' ? invoice.address : invoice.bolt11
    const link =
      method === 'BTC-CHAIN'
        ? `bitcoin:${invoice.address}${due.gt('0') ? `?amount=${trim(due.toFixed(8))}` : ''}`
        : `lightning:${invoice.bolt11.toLowerCase()}`
    return {
      paymentMethodId: method,
      currency: 'BTC',
      destination,
      paymentLink: link,
      rate: invoice.rate,
      paymentMethodPaid: methodPaid.toFixed(8),
      totalPaid: totalPaid.toFixed(8),
      due: due.toFixed(8),
      amount: invoice.btcAmount,
      paymentMethodFee: '0.00000000',
      payments: mine.map((p) => ({
        id: p.id,
        receivedDate: p.receivedDate,
        value: p.value,
        fee: '0.00000000',
        status: p.status,
        destination
      })),
      activated: true,
      additionalData: method === 'BTC-CHAIN' ? { keyPath: '0/1', payjoinEnabled: false } : {}
    }
  })
}

/** BIP21 wants no trailing zeros. */
function trim(value: string): string {
  return value.replace(/\.?0+$/, '')
}

export function pullPaymentBody(pull: SimPullPayment, root: string): Record<string, unknown> {
  return {
    id: pull.id,
    name: pull.name,
    description: pull.description,
    currency: pull.currency,
    amount: pull.amount,
    BOLT11Expiration: '30',
    autoApproveClaims: pull.autoApproveClaims,
    archived: pull.archived ?? false,
    viewLink: `${root}/pull-payments/${pull.id}`,
    startsAt: pull.startsAt,
    expiresAt: null
  }
}

export function payoutBody(payout: SimPayout): Record<string, unknown> {
  const approved = payout.state !== 'AwaitingApproval' && payout.state !== 'Cancelled'
  return {
    id: payout.id,
    revision: payout.revision,
    pullPaymentId: payout.pullPaymentId,
    date: String(payout.date),
    destination: payout.destination,
    originalCurrency: payout.originalCurrency,
    originalAmount: payout.originalAmount,
    payoutCurrency: 'BTC',
    payoutAmount: approved ? payout.originalAmount : null,
    payoutMethodId: payout.payoutMethodId,
    state: payout.state,
    // No proof yet: the spec's PayoutPaymentProof is not nullable, so the key is left out.
    metadata: {}
  }
}

export function webhookBody(webhook: SimWebhook, includeSecret: boolean): Record<string, unknown> {
  return {
    id: webhook.id,
    enabled: webhook.enabled,
    automaticRedelivery: webhook.automaticRedelivery,
    url: webhook.url,
    authorizedEvents: { everything: webhook.everything, specificEvents: webhook.specificEvents },
    ...(includeSecret && { secret: webhook.secret })
  }
}

export function storeBody(store: SimStore): Record<string, unknown> {
  return {
    id: store.id,
    name: store.name,
    website: store.website,
    defaultCurrency: store.defaultCurrency,
    invoiceExpiration: store.invoiceExpiration,
    monitoringExpiration: 86400,
    displayExpirationTimer: 300,
    refundBOLT11Expiration: 30,
    speedPolicy: 'MediumSpeed',
    paymentTolerance: 0,
    archived: false,
    anyoneCanCreateInvoice: false,
    lightningAmountInSatoshi: false,
    onChainWithLnInvoiceFallback: false,
    redirectAutomatically: false,
    defaultLang: 'en',
    networkFeeMode: 'MultiplePaymentsOnly',
    payJoinEnabled: false,
    lazyPaymentMethods: false,
    defaultPaymentMethod: 'BTC-CHAIN',
    receipt: { enabled: true, showQR: null, showPayments: null }
  }
}

export function userBody(user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    imageUrl: user.imageUrl,
    invitationUrl: null,
    emailConfirmed: true,
    requiresEmailConfirmation: false,
    approved: true,
    requiresApproval: false,
    created: user.created,
    disabled: false,
    roles: []
  }
}
