/** The refund screen (`views/RefundView.vue`, `components/refund/*`, `refund/*`). */
export default {
  title: 'Refund',
  backToReceipt: 'Back to the receipt',
  modeProcessor: 'Refund in crypto',
  modeWithdrawal: 'Send to the customer’s address',
  modeRecord: 'Record a refund paid outside Kassa',
  summary: {
    paid: 'Paid',
    refunded: 'Already refunded',
    left: 'Left to refund',
    sale: 'Sale'
  },
  variants: {
    RateThen: 'Crypto at the sale’s rate',
    CurrentRate: 'Crypto at today’s rate',
    Fiat: 'The fiat amount',
    OverpaidAmount: 'Only the overpaid amount',
    Custom: 'A custom amount'
  },
  hints: {
    RateThen: 'The same BTC the customer paid, whatever the rate today.',
    CurrentRate: 'The BTC the paid amount buys at today’s rate.',
    Fiat: 'The fiat value, converted to BTC when the customer claims it.',
    OverpaidAmount: 'Only what the customer paid above the invoice.',
    Custom: 'An amount you choose, in a currency you choose.'
  },
  states: {
    pending: 'Asked — waiting for the processor',
    unknown: 'Unknown — check before retrying',
    awaitingClaim: 'Waiting for the customer to claim',
    awaitingApproval: 'Waiting for approval',
    inProgress: 'Being paid',
    completed: 'Completed',
    cancelled: 'Cancelled',
    failed: 'Failed'
  },
  methods: { cash: 'Cash', wallet: 'Another wallet', other: 'Other' },
  kinds: {
    pullPayment: 'Refund claim',
    withdrawal: 'Refund to address',
    recorded: 'Refund paid outside Kassa'
  },
  variantForm: {
    legend: 'How to refund',
    variantGroup: 'Refund variant',
    subtract: 'Subtract (%)',
    subtractHelp: 'A fee kept by the shop, 0 to 100.',
    customAmount: 'Custom amount',
    customCurrency: 'Currency',
    submit: 'Create refund…',
    confirmTitle: 'Create this refund?',
    confirm: 'Create refund',
    rowRefund: 'Refund',
    rowSubtract: 'Subtract',
    rowPays: 'Pays',
    rowAbout: 'Worth about',
    about: '{amount} at today’s rate',
    rowReason: 'Reason'
  },
  preview: {
    caption: 'What each choice pays',
    updating: 'What each choice pays (updating…)',
    refund: 'Refund',
    crypto: 'Crypto'
  },
  withdrawal: {
    legend: 'Send to the customer’s address',
    paid: 'The customer paid',
    address: 'Customer’s {coin} address',
    addressHelp:
      'Type or paste the address the customer gives you; scanning it with a camera is not available yet. Check it with the customer: a payment to a wrong address cannot be undone.',
    amount: 'Amount ({coin})',
    feePlan: 'Fee plan',
    defaultPlan: 'Default',
    estimate: 'Estimate fee',
    send: 'Send refund…',
    confirmTitle: 'Send this refund?',
    confirm: 'Send refund',
    rowSend: 'Send',
    rowTo: 'To',
    rowFeePlan: 'Fee plan',
    rowTaken: 'Taken from balance',
    rowReason: 'Reason',
    defaultPlanWord: 'default'
  },
  estimate: {
    gross: 'Amount typed',
    restockingFee: 'Restocking fee kept back',
    sent: 'Sent to the customer',
    fee: 'Network fee ({plan})',
    commission: 'Commission',
    total: 'Total from balance',
    balance: 'Balance',
    unknown: 'unknown',
    stale: 'The address, amount or fee plan changed: estimate again before sending.'
  },
  record: {
    legend: 'Record a refund paid outside Kassa',
    help: 'Kassa sends nothing: write down a refund you paid yourself, in cash or from another wallet.',
    amount: 'Amount ({currency})',
    method: 'Paid by',
    submit: 'Record refund'
  },
  reason: {
    label: 'Reason',
    optional: 'Reason (optional)',
    placeholder: 'e.g. wrong size, returned goods'
  },
  confirm: {
    back: 'Back',
    working: 'Working…'
  },
  result: {
    amount: 'Amount',
    state: 'State',
    to: 'To',
    transaction: 'Transaction',
    reason: 'Reason',
    checkAgain: 'Check again',
    release: 'Not sent — release the amount',
    refresh: 'Refresh',
    cancel: 'Cancel refund',
    another: 'Another refund',
    done: 'Done'
  },
  claim: {
    drawFailed: 'Could not draw the QR code: give the customer the link below.',
    help: 'The customer scans this and enters their own address to receive the refund.',
    qrLabel: 'QR code of the refund claim link',
    copy: 'Copy link',
    copied: 'Copied',
    copyFailed: 'Copy failed'
  },
  history: {
    label: 'Earlier refunds',
    title: 'Refunds of this sale',
    open: 'Open'
  },
  problems: {
    percent: 'Subtract a percentage from 0 to 100, like 10 or 2.5',
    customAmount: 'Give the custom amount as a number like 5.00',
    customCurrency: 'Give the custom amount’s currency, like USD or BTC',
    addressShort: 'Type or paste the customer’s address (it is too short)',
    addressLong: 'That address is too long',
    addressCharacters: 'An address has only letters and digits: check for spaces or stray characters',
    coinAmount: 'Give the amount to send as a number like 0.0012',
    recordAmount: 'Refund amount: “{amount}” is not an amount',
    recordAmountPrefix: 'Refund amount',
    moreThanLeft: 'That is more than is left to refund ({amount})',
    reason: 'Say why the refund was made',
    chooseVariant: 'Choose how to refund',
    unavailable: 'That refund is not available',
    unpriced: 'Kassa cannot say what this refund pays',
    estimateFirst: 'Estimate the fee first: the address, amount or fee plan changed',
    loading: 'Still loading'
  }
}
