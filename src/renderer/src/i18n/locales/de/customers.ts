/** Kunden: Kunden-Knopf und -Dialog an der Kasse, der Kunden-Bildschirm des Inhabers mit seinen Signalen. */
export default {
  nav: 'Kunden',
  till: {
    attach: 'Kunde',
    attachLabel: 'Diesem Verkauf einen Kunden zuordnen',
    attached: 'Kunde: {name}',
    change: 'Kunden dieses Verkaufs ändern',
    remove: 'Entfernen',
    removeLabel: 'Kunden von diesem Verkauf entfernen',
    title: 'Kunde für diesen Verkauf',
    find: 'Kunden suchen',
    findHint: 'Mindestens zwei Zeichen von Name, E-Mail-Adresse oder Telefonnummer.',
    searching: 'Suche läuft …',
    none: 'Kein Kunde gefunden.',
    results: 'Gefundene Kunden',
    newTitle: 'Oder ein neuer Kunde',
    attachNew: 'Neuen Kunden zuordnen',
    cancel: 'Abbrechen'
  },
  fields: {
    name: 'Name',
    email: 'E-Mail',
    phone: 'Telefon',
    needOne: 'Bitte Name, E-Mail-Adresse oder Telefonnummer angeben.',
    badEmail: 'Das ist keine E-Mail-Adresse.',
    badPhone: 'Eine Telefonnummer hat 4 bis 20 Ziffern (Leerzeichen, +, -, / und Klammern erlaubt).'
  },
  receipt: {
    customer: 'Kunde: {name}'
  },
  screen: {
    title: 'Kunden',
    find: 'Kunden suchen',
    findHint: 'Mindestens zwei Zeichen von Name, E-Mail-Adresse oder Telefonnummer.',
    none: 'Kein Kunde gefunden.',
    pick: 'Suchen Sie einen Kunden, um seine Verkäufe zu sehen, ihn zu berichtigen oder zu löschen.',
    since: 'Kunde seit {date}',
    edit: 'Berichtigen',
    save: 'Speichern',
    saved: 'Gespeichert.',
    cancel: 'Abbrechen',
    erase: 'Löschen …',
    eraseTitle: 'Diesen Kunden löschen?',
    eraseText:
      'Name, E-Mail-Adresse und Telefonnummer werden aus dem Kassenbuch entfernt, ebenso jede Kopie in seinen Verkäufen. Die Verkäufe bleiben erhalten, ohne Kunden. Das lässt sich nicht rückgängig machen.',
    eraseConfirm: 'Endgültig löschen',
    erased: 'Kunde gelöscht. {count} Verkäufe bleiben ohne Kunden erhalten.',
    sales: 'Verkäufe',
    salesCount: 'Keine Verkäufe | 1 Verkauf | {count} Verkäufe',
    noSales: 'Noch keine Verkäufe.',
    refunded: '{amount} erstattet',
    open: 'Öffnen'
  },
  state: {
    creating: 'Wird angelegt',
    awaiting: 'Wartet auf Zahlung',
    paid: 'Bezahlt',
    expired: 'Abgelaufen',
    invalid: 'Ungültig',
    cancelled: 'Storniert',
    failed: 'Fehlgeschlagen'
  },
  signals: {
    title: 'Signale',
    refresh: 'Aktualisieren',
    loading: 'Wird berechnet …',
    lapsedTitle: 'Stammkunden, die nicht wiederkamen',
    lapsedNote:
      'Kunden mit {visits} oder mehr Besuchen, deren letzter Besuch länger zurückliegt als das {factor}-Fache ihres üblichen Abstands.',
    lapsedNone: 'Kein Stammkunde ist überfällig.',
    lapsedMore: 'Die {shown} am längsten überfälligen von {total}.',
    customer: 'Kunde',
    lastVisit: 'Letzter Besuch',
    usual: 'Üblicher Abstand',
    since: 'Tage seitdem',
    days: '{count} Tage',
    visits: 'Besuche',
    failedTitle: 'Unbezahlte Verkäufe je Woche',
    failedNote: 'Abgelaufene und stornierte Verkäufe unter allen Verkäufen jeder der letzten {weeks} Wochen.',
    week: 'Woche',
    sales: 'Verkäufe',
    expired: 'Abgelaufen',
    abandoned: 'Storniert',
    rate: 'Quote',
    refundsTitle: 'Rückerstattungsquote je Woche',
    refundsNote:
      'Rückerstattungen je bezahltem Verkauf, verglichen mit dem Mittel der 4 Wochen davor; markiert, wenn mehr als das {factor}-Fache dieses Mittels und mindestens {min} Rückerstattungen.',
    paid: 'Bezahlte Verkäufe',
    refunds: 'Rückerstattungen',
    mean: 'Übliche Quote',
    spike: 'Ausreißer',
    showSales: 'Verkäufe zeigen',
    showSalesLabel: 'Verkäufe der Woche {week} zeigen',
    salesOfWeek: 'Verkäufe hinter diesem Signal',
    close: 'Schließen'
  }
}
