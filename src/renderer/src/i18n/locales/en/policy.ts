/** The refund policy: Settings → Refund policy (`components/settings/SettingsRefundPolicy.vue`) and its triage on the refund screen. */
export default {
  settings: {
    title: 'Refund policy',
    intro: 'What a cashier may refund alone. Above these limits the till asks for the owner’s PIN.',
    window: 'Refund window (days since payment)',
    windowHelp: 'Empty: any time.',
    limit: 'Largest refund without the owner ({currency})',
    limitHelp: 'Empty: no limit.',
    fee: 'Restocking fee %',
    feeHelp: 'Kept back from every refund; “0” for none.',
    variants: 'Refund types the cashier may use (BTCPay, Demo)',
    defaultVariant: 'Chosen first',
    firstAvailable: 'The first available',
    reasons: 'Reasons to choose from (one a line)',
    reasonsHelp: 'Empty: the cashier writes the reason.',
    allowOther: 'Allow another reason in the cashier’s own words',
    multiple: 'Allow more than one refund per sale without the owner',
    noPin: 'No owner PIN is set: until one is, these limits cannot ask for it.',
    saved: 'Refund policy saved.',
    problems: {
      window: 'Give whole days from 1 to 3650, or leave it empty',
      limit: 'Give an amount like 50 or 49.99, or leave it empty',
      fee: 'Give a percentage from 0 to 100 with up to 4 decimals',
      variants: 'Allow at least one refund type'
    }
  },
  triage: {
    allowed: 'Within the refund policy.',
    needsOwner: 'Needs the owner’s PIN: {why}.',
    refused: 'Refused by the refund policy: {why}.',
    why: {
      'cashier-limit': '{amount} is above the cashier’s limit of {limit}',
      'cashier-limit-currency': 'the cashier’s limit is in {currency}',
      window: 'paid {days} days ago, past the {windowDays}-day refund window',
      'one-per-sale': 'this sale has already been refunded',
      'restocking-fee': 'less than the {fee} % restocking fee is kept back',
      variant: 'this refund type is not allowed',
      reason: 'choose one of the listed reasons'
    }
  },
  fee: {
    row: 'Restocking fee ({percent} %)',
    net: 'Refunded after the fee',
    recordNote: 'Restocking fee {percent} %: {fee} kept back, {net} refunded.'
  },
  reason: {
    choose: 'Reason',
    pick: 'Choose a reason',
    other: 'Other reason',
    otherText: 'The other reason'
  }
}
