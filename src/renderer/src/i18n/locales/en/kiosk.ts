/** Kiosk mode: the customer's self-service screens, the owner's exit, and Settings → Kiosk. */
export default {
  title: 'Self-service',
  start: {
    welcome: 'Welcome',
    tap: 'Tap to start',
    hint: 'Pick, pay with bitcoin, done.'
  },
  shop: {
    heading: 'What would you like?',
    items: 'Items',
    amount: 'Amount',
    allCategories: 'All',
    categoriesLabel: 'Categories',
    noItems: 'No items to pick yet.',
    addAmount: 'Add amount',
    amountLabel: 'Amount to pay',
    cancel: 'Start over'
  },
  cart: {
    heading: 'Your order',
    empty: 'Nothing in your order yet.',
    more: 'One more {name}',
    fewer: 'One fewer {name}',
    remove: 'Remove {name}',
    total: 'Total',
    pay: 'Pay {amount}'
  },
  pay: {
    heading: 'Scan to pay',
    cancel: 'Cancel payment',
    seen: 'Payment seen. Waiting for the network to confirm it…',
    ended: 'This payment has ended. Nothing was charged.',
    startOver: 'Start over'
  },
  done: {
    heading: 'Thank you!',
    paid: 'Paid {amount}.',
    emailLabel: 'Receipt by e-mail (optional)',
    send: 'Send receipt',
    sent: 'Receipt sent to {to}.',
    finish: 'Done'
  },
  idle: {
    heading: 'Still there?',
    body: 'The screen starts over in {n} second. | The screen starts over in {n} seconds.',
    stay: 'Yes, I am still here'
  },
  exit: {
    label: 'Staff: leave self-service'
  },
  settings: {
    heading: 'Kiosk',
    intro:
      'Hand the till to your customers: they pick, tip and pay by themselves. Only the owner PIN leaves kiosk mode.',
    enabled: 'Kiosk mode on',
    idleSeconds: 'Back to the start screen after (seconds without a touch)',
    idleHint: '15 to 600 seconds',
    startAtLogin: 'Start Kassa when this computer starts (desktop app)',
    mode: 'The customer picks',
    modes: {
      catalog: 'Items from the catalog',
      amount: 'An amount on a keypad',
      both: 'Items or an amount'
    },
    tips: 'Offer the till’s tip presets',
    save: 'Save',
    saved: 'Saved.',
    pinFirst: 'Set an owner PIN first: it is the only way out of kiosk mode.',
    exitHint:
      'To leave kiosk mode: hold the top left corner for 3 seconds (or press Ctrl+Alt+K), then enter the owner PIN.'
  }
}
