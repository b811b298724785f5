/** The owner's Day screen (`views/DayView.vue`, `components/day/*`) and Settings → Business day. */
export default {
  title: 'Day',
  loading: 'Loading…',
  refresh: 'Refresh',
  picker: {
    label: 'Business day',
    today: '{day} (today) — {state}',
    option: '{day} — {state}',
    open: 'open',
    closed: 'closed'
  },
  report: {
    x: 'X report',
    z: 'Z report',
    xNote: 'This day so far. It updates as sales come in.',
    zNote: 'Closed: these figures are frozen.',
    openNote: 'Not closed yet.',
    range: '{from} to {to}',
    hours: '{hours} hours',
    zone: 'Time zone {zone}, the day starts at {hour}',
    closedBy: 'Closed on {at} by {by}',
    empty: 'No sales on this day.',
    sections: 'Day report'
  },
  totals: {
    title: 'Totals',
    caption: 'Totals in {currency}',
    figure: 'Figure',
    amount: 'Amount',
    sales: 'Sales',
    gross: 'Gross sales',
    discounts: 'Discounts',
    tax: 'Tax',
    tips: 'Tips',
    refunds: 'Refunds',
    net: 'Net',
    average: 'Average sale',
    underpaid: 'Paid short (underpaid invoices)',
    overpaid: 'Paid over (overpaid invoices)'
  },
  slices: {
    byProcessor: 'By processor',
    byMethod: 'By payment method',
    name: 'Name',
    sales: 'Sales',
    gross: 'Gross',
    refunds: 'Refunded',
    net: 'Net',
    none: 'Nothing to show.'
  },
  methods: {
    chain: 'Bitcoin on-chain',
    lightning: 'Bitcoin Lightning',
    unknown: 'Not known',
    network: '{coin} on {network}'
  },
  outcomes: {
    title: 'Invoices by outcome',
    settled: 'Paid',
    open: 'Still open',
    expired: 'Expired',
    invalid: 'Invalid',
    creating: 'Being created',
    creatingNote: 'The day cannot be closed while a sale is still being created.'
  },
  crypto: {
    title: 'Crypto received',
    coin: 'Coin',
    amount: 'Amount',
    smallest: 'Smallest unit',
    sats: '{count} sats',
    units: '{count} units',
    value: 'Value at the invoice rate',
    none: 'No crypto received.'
  },
  refunds: {
    byVariant: 'Refunds by kind',
    byActor: 'Refunds by who gave them',
    kind: 'Kind',
    who: 'Who',
    count: 'Number',
    amount: 'Amount',
    none: 'No refunds.',
    variants: {
      RateThen: 'At the rate of the sale',
      CurrentRate: 'At today’s rate',
      Fiat: 'A fiat amount',
      OverpaidAmount: 'The overpaid amount',
      Custom: 'A custom amount',
      withdrawal: 'Sent from the wallet',
      recorded: 'Recorded by hand'
    },
    actors: {
      cashier: 'Cashier',
      owner: 'Owner',
      system: 'Kassa'
    }
  },
  recovered: {
    title: 'Recovered from earlier failed charges',
    note: 'Paid on this day through a payment link for a charge that failed before. Kept apart: not part of this day’s sales, totals or net.',
    count: 'No charge | 1 charge | {count} charges',
    receipt: 'Receipt {number}',
    saleDay: 'Sale of {day}',
    sale: 'An earlier sale',
    paidAt: 'Paid {at}'
  },
  corrections: {
    title: 'Corrections',
    note: 'These arrived after their own day was closed. They are counted on this day, not changed on the closed one.',
    kind: 'What',
    belongsTo: 'Belongs to',
    at: 'When',
    sale: 'Sale',
    amount: 'Amount',
    payment: 'Late payment',
    refund: 'Refund',
    receipt: 'Receipt {number}'
  },
  close: {
    button: 'Close the day',
    title: 'Close {day}?',
    body: 'Closing freezes these figures. A payment or refund that arrives later for this day will show as a correction on the next open day.',
    sales: 'Sales: {count}',
    net: 'Net in {currency}: {amount}',
    noSales: 'There are no sales on this day.',
    confirm: 'Close the day',
    closing: 'Closing…',
    done: 'The day is closed.',
    creatingBlocked: 'A sale of this day is still being created; wait until it has its invoice.',
    refusal: {
      creating:
        'This day cannot be closed yet: a sale is still being created. Wait until it has its invoice, then close again. | This day cannot be closed yet: {count} sales are still being created. Wait until they have their invoices, then close again.',
      alreadyClosed: 'This day was already closed. Its Z report is shown.',
      future: 'This day has not begun yet, so it cannot be closed.'
    }
  },
  files: {
    title: 'Print and export',
    print: 'Print',
    pdf: 'Save as PDF',
    printed: 'Sent to the receipt printer.',
    pdfSaved: 'Saved {file}.',
    csvSaved: 'Saved {file} ({count} rows).',
    export: {
      title: 'Export CSV',
      kind: 'Rows',
      invoices: 'One per invoice',
      refunds: 'One per refund',
      from: 'From',
      to: 'To',
      button: 'Export CSV',
      badRange: 'The first day must not be after the last.'
    }
  },
  charts: {
    title: 'Charts',
    byHour: 'Sales by hour',
    last30: 'The last 30 days',
    mix: 'Payment methods',
    hour: 'Hour',
    day: 'Day',
    method: 'Method',
    sales: 'Sales',
    amount: 'Amount',
    net: 'Net',
    byHourSummary: '{sales} sales in {currency} over {hours} hours; the busiest hour starts at {hour}.',
    last30Summary: 'Net per day over {days} days; the best day was {day} with {amount}.',
    mixSummary: 'Sales by payment method: {list}.',
    emptySummary: 'No sales to chart.',
    table: 'Figures of the chart'
  },
  reconcile: {
    title: 'Reconciliation',
    intro: 'Compare Kassa’s sales with the processor’s own invoices for a range of days.',
    processor: 'Processor',
    from: 'From',
    to: 'To',
    start: 'Start',
    cancel: 'Cancel',
    noProcessor: 'No processor is connected that lists its invoices.',
    progressLabel: 'Reconciliation progress',
    progress: '{pages} pages read, {invoices} invoices, {requests} requests',
    progressOf: 'page {pages} of {estimated}',
    state: {
      running: 'Comparing…',
      done: 'Done.',
      cancelled: 'Cancelled. What was compared so far is shown.',
      failed: 'The reconciliation failed.'
    },
    summary: {
      matched: '{count} invoices agree',
      otherTills: '{count} made by other tills',
      outsideKassa: '{count} made outside Kassa',
      calm: 'Invoices of other tills and from outside Kassa are expected and not errors.',
      none: 'No differences: Kassa and the processor agree.'
    },
    kinds: {
      missingInKassa: 'Made outside Kassa',
      missingInKassaHelp:
        'The processor has these invoices and Kassa does not: made at the processor’s own point of sale, its dashboard or another till. Import them if this till should count them.',
      missingAtProcessor: 'Missing at the processor',
      missingAtProcessorHelp:
        'Kassa has these invoices and the processor does not list them. Look them up at the processor, then mark them reviewed.',
      statusDiffers: 'Status differs',
      statusDiffersHelp:
        'Kassa and the processor disagree on how these stand. Re-check reads the invoice again now.',
      amountDiffers: 'Amount differs',
      amountDiffersHelp:
        'The amounts differ. Look at both sides, then mark them reviewed with what you found.'
    },
    origin: {
      outsideKassa: 'Made outside Kassa',
      otherTill: 'Made by another till ({till})',
      otherTillUnknown: 'Made by another till',
      thisTill: 'Made by this till'
    },
    invoice: 'Invoice {id}',
    noInvoice: 'No invoice id',
    created: 'Created {at}',
    kassa: 'Kassa',
    atProcessor: 'Processor',
    status: 'Status',
    amount: 'Amount',
    paid: 'Paid',
    notThere: 'not there',
    import: 'Import',
    recheck: 'Re-check now',
    review: 'Mark reviewed',
    note: 'Note',
    notePlaceholder: 'What you found',
    saveReview: 'Save as reviewed',
    reviewed: 'Reviewed by {by} on {at}: {note}'
  },
  settings: {
    title: 'Business day',
    intro: 'Which hours belong to a day on the day close. A bar that closes at 3 am starts its day at 03:00.',
    timeZone: 'Time zone',
    follow: 'Follow this computer',
    inEffect: 'In effect: {zone}',
    startHour: 'The day starts at',
    saved: 'Saved.'
  }
}
