/**
 * Selling through an outage (issue 15): the till's offline choice at Charge, an outbox sale on the payment screen,
 * the header's list of waiting sales and Settings → Offline sales.
 */
export default {
  refusal: {
    title: '{processor} cannot be reached right now.',
    sale: 'This sale: {amount}',
    reasons: {
      offlineNotAllowed: "The owner's settings do not let a sale wait while {processor} is offline.",
      outboxConfirm:
        'The sale can wait in the offline queue and is charged by itself when {processor} answers again.',
      outboxPerSaleCap:
        'This sale is above the limit for a sale taken offline ({limit}), so it cannot wait for {processor}.',
      outboxTotalCap:
        'The offline queue is full: {open} is already waiting and the limit is {limit}, so this sale cannot wait.',
      outboxCurrency: 'Only sales in {currency} can wait in the offline queue.'
    },
    choices: 'What now?',
    other: 'Charge with {processor} instead',
    outbox: 'Keep the sale — it is charged by itself when {processor} returns (within {hours} h)',
    none: 'No other payment processor is connected and reachable.',
    cancel: 'Cancel — back to the cart',
    busy: 'Charging…'
  },
  waiting: {
    title: 'Waiting for {processor}',
    body: 'This sale is charged by itself when {processor} is reachable again. There is no QR code until then.',
    left: 'Time left',
    leftValue: '{hours} h {minutes} min',
    until: 'Gives up at {time}',
    next: 'Next try',
    nextSoon: 'as soon as {processor} answers',
    attempts: 'Tries so far',
    newSale: 'New sale (this one keeps waiting)',
    other: 'Charge with {processor} instead',
    cancel: 'Cancel sale'
  },
  chip: {
    label: '{count} waiting',
    title: 'Sales waiting for their payment processor',
    since: 'since {time}',
    left: '{hours} h {minutes} min left'
  },
  settings: {
    title: 'Offline sales',
    intro:
      'What the till may do while a payment processor cannot be reached. A waiting sale is charged by itself when the processor answers again; until then the shop carries the risk.',
    mode: 'When the processor is offline',
    modes: {
      none: 'Refuse',
      outbox: 'Offline queue',
      capped: 'Offline queue with limits'
    },
    modeHelp: {
      none: 'Sales are refused while the processor is offline (another connected processor can still be used).',
      outbox: 'Sales wait in the offline queue, without a limit on their amounts.',
      capped: 'Sales wait in the offline queue up to a limit per sale and a limit on everything waiting.'
    },
    perSale: 'Limit per sale ({currency})',
    perSaleHelp: 'The largest sale that may wait, e.g. {example}.',
    total: 'Limit of all waiting sales ({currency})',
    totalHelp: 'What all waiting sales together may come to.',
    hours: 'Longest wait (hours)',
    hoursHelp: 'From 1 to 72. A sale still not charged then fails.',
    problems: {
      amount: 'Enter an amount above zero, e.g. {example}.',
      total: 'The limit of all waiting sales cannot be below the limit per sale.',
      hours: 'Enter whole hours from 1 to 72.'
    },
    save: 'Save offline sales'
  }
}
