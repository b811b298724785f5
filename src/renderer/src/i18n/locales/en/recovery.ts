/** The owner's Recovery screen (`views/RecoveryView.vue`, `components/recovery/*`) and Settings → Recovery messages. */
export default {
  nav: 'Recovery',
  title: 'Recovery',
  intro:
    'Charges that were not paid. Ask the customer again with a payment link for exactly what is still due.',
  refresh: 'Refresh',
  loading: 'Loading…',
  rate: {
    title: 'Last {days} days',
    failed: 'Failed',
    recovered: 'Recovered',
    abandoned: 'Abandoned',
    open: 'Still open',
    rate: 'Recovery rate',
    percent: '{rate}%',
    none: 'No failed charges',
    money: 'Money recovered',
    noMoney: 'None yet'
  },
  filter: {
    label: 'Show',
    active: 'Active',
    recovered: 'Recovered',
    abandoned: 'Abandoned',
    all: 'All'
  },
  list: {
    label: 'Failed charges',
    empty: 'Nothing here.',
    emptyActive: 'No failed charge is waiting.',
    more: 'Load more',
    receipt: 'Receipt {number}',
    sale: 'Sale of {at}',
    noCustomer: 'No customer',
    due: '{amount} due',
    recovered: '{amount} recovered',
    failed: 'Failed {at}'
  },
  reason: {
    expired: 'Expired unpaid',
    underpaid: 'Paid short',
    invalid: 'Marked invalid'
  },
  status: {
    open: 'Open',
    requested: 'Link made',
    recovered: 'Recovered',
    abandoned: 'Abandoned'
  },
  detail: {
    back: 'Back to the list',
    pick: 'Pick a failed charge to see its customer, what is still due and what you can do.',
    loading: 'Loading…',
    customer: 'Customer',
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    noCustomer: 'No customer was attached to this sale, so there is nobody to write to.',
    bought: 'What they bought',
    memo: 'Note on the sale: {memo}',
    nothingListed: 'An amount typed on the keypad, without items.',
    line: '{quantity} × {name}',
    amount: 'Amount',
    paid: 'Paid',
    due: 'Still due',
    recoveredAmount: 'Recovered',
    failedAt: 'Failed',
    saleAt: 'Rung up',
    reason: 'Why',
    history: 'Their other sales',
    noHistory: 'No other sales.',
    recovered: 'Recovered {amount} on {at}.',
    countsOn: 'The money counts on the business day {day}, not on the day of the sale.',
    abandoned: 'Marked abandoned on {at}.',
    note: 'Note: {note}'
  },
  request: {
    title: 'Payment link',
    none: 'No payment link yet.',
    create: 'Create payment link',
    creating: 'Creating…',
    again: 'Create a new payment link',
    check: 'Check now',
    checking: 'Checking…',
    link: 'Link',
    copyLink: 'Copy link',
    copied: 'Copied.',
    copyFailed: 'Could not copy. Select the link and copy it.',
    amount: 'For {amount}',
    expires: 'Valid until {at}',
    status: {
      creating: 'Being created',
      open: 'Waiting for payment',
      paid: 'Paid',
      expired: 'Expired',
      archived: 'Withdrawn',
      failed: 'Refused by the processor'
    }
  },
  demo: {
    title: 'Demo processor',
    note: 'Act as the customer paying this link.',
    pay: 'Simulate payment'
  },
  message: {
    title: 'Message to the customer',
    language: 'Language',
    to: 'To',
    subject: 'Subject',
    body: 'Message',
    drafting: 'Drafting…',
    redraft: 'Draft again',
    missing: 'Not filled in yet: {names}.',
    missingLink: 'Create the payment link first.',
    linkReady: 'The payment link is ready. Draft again to put it in.',
    copy: 'Copy',
    copied: 'Copied. Paste it into any message.',
    copyFailed: 'Could not copy. Select the text and copy it.',
    mailto: 'Open in mail app',
    send: 'Send by e-mail',
    sending: 'Sending…',
    noEmail: 'The customer has no e-mail address: copy the message and send it another way.'
  },
  outbox: {
    title: 'Messages',
    none: 'No message yet.',
    at: '{at}',
    attempts: 'Tries: {count}',
    retry: 'Retry',
    unknownNote: 'The till stopped while sending this. It may already have arrived.',
    confirmTitle: 'Send it again?',
    confirmText:
      'The till stopped while it was sending this message, so it may already have arrived. Send it again anyway?',
    confirm: 'Send again',
    cancel: 'Cancel',
    channel: {
      smtp: 'E-mail',
      copy: 'Copied',
      mailto: 'Mail app'
    },
    state: {
      queued: 'Waiting',
      sending: 'Sending',
      sent: 'Sent',
      failed: 'Not sent',
      unknown: 'Maybe sent'
    }
  },
  abandon: {
    button: 'Mark abandoned…',
    title: 'Give up on this charge?',
    text: 'It leaves the active list and counts as abandoned. An open payment link is withdrawn where the processor can.',
    note: 'Note (optional)',
    confirm: 'Mark abandoned',
    cancel: 'Cancel'
  },
  customerLanguage: {
    label: 'Language for messages',
    auto: 'Automatic (the till’s language)',
    hint: 'Recovery messages to this customer are drafted in this language.'
  },
  languages: {
    en: 'English',
    de: 'Deutsch'
  },
  variables: {
    customer: 'Customer’s name',
    items: 'What they bought',
    amountDue: 'Amount due',
    link: 'Payment link',
    shop: 'Shop name'
  },
  templates: {
    title: 'Recovery messages',
    intro:
      'The message drafted for a customer whose payment failed, one per language. The customer’s language is used where it is known.',
    loading: 'Loading…',
    language: 'Language',
    subject: 'Subject',
    body: 'Message',
    insert: 'Insert a value at the cursor',
    save: 'Save messages',
    saved: 'Saved.'
  }
}
