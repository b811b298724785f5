/** Letzte Verkäufe und Suche (siehe en/sales.ts). */
export default {
  recent: 'Letzte Verkäufe',
  found: 'Gefundene Verkäufe',
  refresh: 'Aktualisieren',
  loading: 'Wird geladen …',
  empty: 'Noch keine Verkäufe.',
  noMatch: 'Kein Verkauf passt zu „{query}“.',
  listLabel: 'Verkäufe',
  search: {
    label: 'Verkauf suchen',
    placeholder: 'Verkauf suchen: Verkaufs-ID, Rechnungs-ID oder Belegnummer (ab {min} Zeichen)'
  },
  row: {
    refund: 'Erstatten',
    refundOf: 'Verkauf über {amount} erstatten',
    refunded: '{amount} erstattet',
    refundUnknown: 'Erstattung mit unklarem Ausgang – vor einem neuen Versuch prüfen'
  }
}
