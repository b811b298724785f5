/** The payment screen: the tip step, the invoice's QR and amounts, status, and what the cashier can do. */
export default {
  title: 'Payment',
  loading: 'Loading sale…',
  sideLabel: 'Amounts and actions',
  lateNote:
    'The customer paid after the invoice expired. Hand over the goods and print the receipt, or refund the payment.',
  retry: 'Retry',
  chargeAgain: 'Charge {amount} again',
  receipt: 'Receipt',
  refund: 'Refund',
  newSale: 'New sale',
  backToTill: 'Back to the till',
  expiresIn: 'Expires in',
  seen: {
    title: 'Payment seen — waiting for confirmation',
    text: 'The customer has paid; the network is confirming it. This screen moves on by itself.'
  },
  cancel: {
    button: 'Cancel sale',
    title: 'Cancel this sale?',
    text: 'The invoice for {amount} is cancelled and cannot be paid any more.',
    keep: 'No, keep it',
    confirm: 'Yes, cancel sale'
  },
  amounts: {
    total: 'Total',
    pays: 'Customer pays',
    stillPays: 'Customer still pays',
    restOf: '{rest} of {total} still due',
    onCheckout: 'Chosen on the checkout page',
    rate: 'Rate'
  },
  method: { label: 'Payment method', chain: 'Bitcoin (on-chain)', lightning: 'Lightning' },
  qr: {
    label: 'Payment QR code',
    noLink: 'No payment link yet',
    drawFailed: 'Could not draw the QR code: copy the link below',
    checkoutHint: 'Scan to open the checkout page: the customer chooses the coin there.',
    copyLink: 'Copy link',
    copyInvoice: 'Copy invoice',
    copyAddress: 'Copy address',
    copied: 'Copied',
    copyFailed: 'Copy failed',
    noClipboard: 'The clipboard is not available: select the text above instead.'
  },
  demo: {
    title: 'Simulate payment (Demo processor only)',
    note: 'No money moves: these buttons only exist for the built-in Demo processor.',
    full: 'Pay in full',
    partial: 'Pay part',
    over: 'Overpay',
    expire: 'Let it expire',
    late: 'Pay after expiry'
  },
  tip: {
    heading: 'Tip',
    title: 'Would you like to add a tip?',
    before: 'Amount: {amount}',
    presets: 'Tip',
    custom: 'Custom',
    none: 'No tip',
    customKind: 'Custom tip in',
    customPercent: 'Tip in percent',
    customAmount: 'Tip in {currency}',
    apply: 'Apply',
    invalid: 'Enter a tip, like 10 or 2.50',
    tip: 'Tip',
    total: 'Total to pay',
    back: 'Back',
    continue: 'Pay {amount}',
    continueEmpty: 'Pay'
  },
  status: {
    unknownAmount: 'an unknown amount',
    lateConfirming: 'Paid after expiry — {amount} received, waiting for confirmation',
    lateConfirmed: 'Paid late — {amount} paid after the invoice expired',
    overpaidSettled: 'Overpaid by {amount} — paid in full',
    overpaidProcessing: 'Overpaid by {amount} — waiting for confirmation',
    partial: 'Partially paid — {amount} still due',
    waiting: 'Waiting for payment',
    seen: 'Payment seen — waiting for confirmation',
    paid: 'Paid',
    expiredPartial: 'Expired after a partial payment of {amount}: refund or collect the rest in a new sale',
    expired: 'Expired — nothing was paid. Charge again or start a new sale.',
    invalid: 'Payment invalid — do not hand over goods',
    creating: 'Creating invoice…',
    failed: 'Could not create the invoice',
    failedBecause: 'Could not create the invoice: {reason}',
    cancelled: 'Sale cancelled',
    refunded: 'Refunded',
    short: {
      creating: 'Creating invoice',
      seen: 'Payment seen',
      partial: 'Partially paid',
      waiting: 'Waiting for payment',
      refunded: 'Refunded',
      paidLate: 'Paid after expiry',
      paidOver: 'Paid (overpaid)',
      paid: 'Paid',
      lateConfirming: 'Paid after expiry (confirming)',
      expiredPartial: 'Expired (partly paid)',
      expired: 'Expired',
      invalid: 'Invalid',
      cancelled: 'Cancelled',
      failed: 'Failed'
    }
  }
}
