/** Das Plisio-Konto des Inhabers in den Einstellungen (siehe en/owner.ts). */
export default {
  title: 'Plisio-Konto',
  refresh: 'Aktualisieren',
  loading: 'Wird geladen …',
  balances: 'Guthaben',
  noBalances: 'Keine Guthaben gemeldet.',
  operations: 'Vorgänge',
  filters: {
    label: 'Vorgänge filtern',
    type: 'Art',
    any: 'Alle',
    status: 'Status',
    statusPlaceholder: 'z. B. completed',
    coin: 'Coin',
    coinPlaceholder: 'z. B. BTC',
    search: 'Suche',
    searchPlaceholder: 'ID, Bestellung …',
    apply: 'Anwenden'
  },
  types: {
    invoice: 'Rechnung',
    cash_in: 'Einzahlung',
    cash_out: 'Auszahlung',
    mass_cash_out: 'Sammelauszahlung'
  },
  table: {
    date: 'Datum',
    type: 'Art',
    status: 'Status',
    coinAmount: 'Betrag in Coin',
    priced: 'Gegenwert',
    order: 'Bestellung',
    empty: 'Keine Vorgänge.'
  },
  pages: {
    label: 'Seiten der Vorgänge',
    previous: 'Zurück',
    next: 'Weiter',
    page: 'Seite {page} von {count}',
    total: '({count} Vorgänge)'
  }
}
