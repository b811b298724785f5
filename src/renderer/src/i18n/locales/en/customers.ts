/** Customers: the till's Customer button and dialog, the owner's Customers screen with its Signals. */
export default {
  nav: 'Customers',
  till: {
    attach: 'Customer',
    attachLabel: 'Attach a customer to this sale',
    attached: 'Customer: {name}',
    change: 'Change the customer of this sale',
    remove: 'Remove',
    removeLabel: 'Remove the customer from this sale',
    title: 'Customer for this sale',
    find: 'Find a customer',
    findHint: 'Two or more letters of a name, e-mail or phone number.',
    searching: 'Searching…',
    none: 'No customer found.',
    results: 'Customers found',
    newTitle: 'Or a new customer',
    attachNew: 'Attach new customer',
    cancel: 'Cancel'
  },
  fields: {
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    needOne: 'Give a name, an e-mail address or a phone number.',
    badEmail: 'This is not an e-mail address.',
    badPhone: 'A phone number has 4 to 20 digits (spaces, +, -, / and brackets allowed).'
  },
  receipt: {
    customer: 'Customer: {name}'
  },
  screen: {
    title: 'Customers',
    find: 'Find a customer',
    findHint: 'Two or more letters of a name, e-mail or phone number.',
    none: 'No customer found.',
    pick: 'Look a customer up to see their sales, correct or erase them.',
    since: 'Customer since {date}',
    edit: 'Correct',
    save: 'Save',
    saved: 'Saved.',
    cancel: 'Cancel',
    erase: 'Erase…',
    eraseTitle: 'Erase this customer?',
    eraseText:
      'Their name, e-mail address and phone number are removed from the ledger, together with every copy in their sales. The sales stay, without a customer. This cannot be undone.',
    eraseConfirm: 'Erase for good',
    erased: 'Customer erased. {count} sales kept without a customer.',
    sales: 'Sales',
    salesCount: 'No sales | 1 sale | {count} sales',
    noSales: 'No sales yet.',
    refunded: 'refunded {amount}',
    open: 'Open'
  },
  state: {
    creating: 'Being created',
    awaiting: 'Awaiting payment',
    paid: 'Paid',
    expired: 'Expired',
    invalid: 'Invalid',
    cancelled: 'Cancelled',
    failed: 'Failed'
  },
  signals: {
    title: 'Signals',
    refresh: 'Refresh',
    loading: 'Computing…',
    lapsedTitle: 'Regulars who have not come back',
    lapsedNote:
      'Customers with {visits} or more visits whose time since the last visit is more than {factor} × their usual interval.',
    lapsedNone: 'No regular is overdue.',
    lapsedMore: 'Showing the {shown} most overdue of {total}.',
    customer: 'Customer',
    lastVisit: 'Last visit',
    usual: 'Usually every',
    since: 'Days since',
    days: '{count} days',
    visits: 'Visits',
    failedTitle: 'Charges not paid, per week',
    failedNote: 'Expired and cancelled charges among the sales rung up in each of the last {weeks} weeks.',
    week: 'Week',
    sales: 'Sales',
    expired: 'Expired',
    abandoned: 'Cancelled',
    rate: 'Rate',
    refundsTitle: 'Refund rate per week',
    refundsNote:
      'Refunds per paid sale, against the mean of the 4 weeks before; flagged when more than {factor} × that mean with at least {min} refunds.',
    paid: 'Paid sales',
    refunds: 'Refunds',
    mean: 'Usual rate',
    spike: 'Spike',
    showSales: 'Show sales',
    showSalesLabel: 'Show the sales of the week {week}',
    salesOfWeek: 'Sales behind this signal',
    close: 'Close'
  }
}
