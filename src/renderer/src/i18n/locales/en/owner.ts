/** The owner's Plisio account in Settings (`components/owner/*`). */
export default {
  title: 'Plisio account',
  refresh: 'Refresh',
  loading: 'Loading…',
  balances: 'Balances',
  noBalances: 'No balances reported.',
  operations: 'Operations',
  filters: {
    label: 'Filter operations',
    type: 'Type',
    any: 'Any',
    status: 'Status',
    statusPlaceholder: 'e.g. completed',
    coin: 'Coin',
    coinPlaceholder: 'e.g. BTC',
    search: 'Search',
    searchPlaceholder: 'Id, order…',
    apply: 'Apply'
  },
  types: {
    invoice: 'Invoice',
    cash_in: 'Cash in',
    cash_out: 'Cash out',
    mass_cash_out: 'Mass cash out'
  },
  table: {
    date: 'Date',
    type: 'Type',
    status: 'Status',
    coinAmount: 'Coin amount',
    priced: 'Priced',
    order: 'Order',
    empty: 'No operations.'
  },
  pages: {
    label: 'Operation pages',
    previous: 'Previous',
    next: 'Next',
    page: 'Page {page} of {count}',
    total: '({count} operations)'
  }
}
