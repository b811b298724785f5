/** Recent sales and search (`views/RecentView.vue`, `components/sale/*`). */
export default {
  recent: 'Recent sales',
  found: 'Found sales',
  refresh: 'Refresh',
  loading: 'Loading…',
  empty: 'No sales yet.',
  noMatch: 'No sale matches “{query}”.',
  listLabel: 'Sales',
  search: {
    label: 'Find a sale',
    placeholder: 'Find a sale: sale id, invoice id or receipt number ({min}+ characters)'
  },
  row: {
    refund: 'Refund',
    refundOf: 'Refund the sale of {amount}',
    refunded: 'Refunded {amount}',
    refundUnknown: 'Refund of unknown fate — check before retrying'
  }
}
