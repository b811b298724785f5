/** Der Tagesabschluss des Inhabers und Einstellungen → Geschäftstag (siehe en/day.ts). */
export default {
  title: 'Tag',
  loading: 'Wird geladen…',
  refresh: 'Aktualisieren',
  picker: {
    label: 'Geschäftstag',
    today: '{day} (heute) – {state}',
    option: '{day} – {state}',
    open: 'offen',
    closed: 'abgeschlossen'
  },
  report: {
    x: 'X-Bericht',
    z: 'Z-Bericht',
    xNote: 'Der Tag bis jetzt. Er wird mit jedem Verkauf aktualisiert.',
    zNote: 'Abgeschlossen: diese Zahlen sind festgeschrieben.',
    openNote: 'Noch nicht abgeschlossen.',
    range: '{from} bis {to}',
    hours: '{hours} Stunden',
    zone: 'Zeitzone {zone}, der Tag beginnt um {hour}',
    closedBy: 'Abgeschlossen am {at} von {by}',
    empty: 'An diesem Tag gab es keine Verkäufe.',
    sections: 'Tagesbericht'
  },
  totals: {
    title: 'Summen',
    caption: 'Summen in {currency}',
    figure: 'Kennzahl',
    amount: 'Betrag',
    sales: 'Verkäufe',
    gross: 'Bruttoumsatz',
    discounts: 'Rabatte',
    tax: 'MwSt.',
    tips: 'Trinkgeld',
    refunds: 'Rückerstattungen',
    net: 'Netto',
    average: 'Durchschnittlicher Verkauf',
    underpaid: 'Zu wenig bezahlt (unterbezahlte Rechnungen)',
    overpaid: 'Zu viel bezahlt (überbezahlte Rechnungen)'
  },
  slices: {
    byProcessor: 'Nach Zahlungsanbieter',
    byMethod: 'Nach Zahlungsart',
    name: 'Name',
    sales: 'Verkäufe',
    gross: 'Brutto',
    refunds: 'Erstattet',
    net: 'Netto',
    none: 'Nichts anzuzeigen.'
  },
  methods: {
    chain: 'Bitcoin on-chain',
    lightning: 'Bitcoin Lightning',
    unknown: 'Unbekannt',
    network: '{coin} über {network}'
  },
  outcomes: {
    title: 'Rechnungen nach Ergebnis',
    settled: 'Bezahlt',
    open: 'Noch offen',
    expired: 'Abgelaufen',
    invalid: 'Ungültig',
    creating: 'In Erstellung',
    creatingNote: 'Der Tag kann nicht abgeschlossen werden, solange ein Verkauf noch erstellt wird.'
  },
  crypto: {
    title: 'Erhaltene Kryptowährung',
    coin: 'Münze',
    amount: 'Betrag',
    smallest: 'Kleinste Einheit',
    sats: '{count} Sats',
    units: '{count} Einheiten',
    value: 'Wert zum Rechnungskurs',
    none: 'Keine Kryptowährung erhalten.'
  },
  refunds: {
    byVariant: 'Rückerstattungen nach Art',
    byActor: 'Rückerstattungen nach Person',
    kind: 'Art',
    who: 'Wer',
    count: 'Anzahl',
    amount: 'Betrag',
    none: 'Keine Rückerstattungen.',
    variants: {
      RateThen: 'Zum Kurs des Verkaufs',
      CurrentRate: 'Zum heutigen Kurs',
      Fiat: 'Ein Fiat-Betrag',
      OverpaidAmount: 'Der zu viel bezahlte Betrag',
      Custom: 'Ein frei gewählter Betrag',
      withdrawal: 'Aus der Wallet gesendet',
      recorded: 'Von Hand erfasst'
    },
    actors: {
      cashier: 'Kassierer',
      owner: 'Inhaber',
      system: 'Kassa'
    }
  },
  recovered: {
    title: 'Nachträglich bezahlte frühere Zahlungen',
    note: 'An diesem Tag über einen Zahlungslink bezahlt, für eine früher fehlgeschlagene Zahlung. Getrennt geführt: nicht Teil der Verkäufe, Summen oder des Nettobetrags dieses Tages.',
    count: 'Keine Zahlung | 1 Zahlung | {count} Zahlungen',
    receipt: 'Beleg {number}',
    saleDay: 'Verkauf vom {day}',
    sale: 'Ein früherer Verkauf',
    paidAt: 'Bezahlt am {at}'
  },
  corrections: {
    title: 'Korrekturen',
    note: 'Diese kamen an, nachdem ihr eigener Tag abgeschlossen war. Sie zählen zu diesem Tag; der abgeschlossene bleibt unverändert.',
    kind: 'Was',
    belongsTo: 'Gehört zu',
    at: 'Wann',
    sale: 'Verkauf',
    amount: 'Betrag',
    payment: 'Verspätete Zahlung',
    refund: 'Rückerstattung',
    receipt: 'Beleg {number}'
  },
  close: {
    button: 'Tag abschließen',
    title: '{day} abschließen?',
    body: 'Der Abschluss schreibt diese Zahlen fest. Eine Zahlung oder Rückerstattung, die später für diesen Tag eingeht, erscheint als Korrektur am nächsten offenen Tag.',
    sales: 'Verkäufe: {count}',
    net: 'Netto in {currency}: {amount}',
    noSales: 'An diesem Tag gab es keine Verkäufe.',
    confirm: 'Tag abschließen',
    closing: 'Wird abgeschlossen…',
    done: 'Der Tag ist abgeschlossen.',
    creatingBlocked: 'Ein Verkauf dieses Tages wird noch erstellt; warten Sie, bis er seine Rechnung hat.',
    refusal: {
      creating:
        'Dieser Tag kann noch nicht abgeschlossen werden: Ein Verkauf wird noch erstellt. Warten Sie, bis er seine Rechnung hat, und schließen Sie dann erneut ab. | Dieser Tag kann noch nicht abgeschlossen werden: {count} Verkäufe werden noch erstellt. Warten Sie, bis sie ihre Rechnungen haben, und schließen Sie dann erneut ab.',
      alreadyClosed: 'Dieser Tag war bereits abgeschlossen. Sein Z-Bericht wird angezeigt.',
      future: 'Dieser Tag hat noch nicht begonnen und kann daher nicht abgeschlossen werden.'
    }
  },
  files: {
    title: 'Drucken und exportieren',
    print: 'Drucken',
    pdf: 'Als PDF speichern',
    printed: 'An den Belegdrucker gesendet.',
    pdfSaved: '{file} gespeichert.',
    csvSaved: '{file} gespeichert ({count} Zeilen).',
    export: {
      title: 'CSV-Export',
      kind: 'Zeilen',
      invoices: 'Eine pro Rechnung',
      refunds: 'Eine pro Rückerstattung',
      from: 'Von',
      to: 'Bis',
      button: 'CSV exportieren',
      badRange: 'Der erste Tag darf nicht nach dem letzten liegen.'
    }
  },
  charts: {
    title: 'Diagramme',
    byHour: 'Umsatz nach Stunde',
    last30: 'Die letzten 30 Tage',
    mix: 'Zahlungsarten',
    hour: 'Stunde',
    day: 'Tag',
    method: 'Zahlungsart',
    sales: 'Verkäufe',
    amount: 'Betrag',
    net: 'Netto',
    byHourSummary:
      '{sales} Verkäufe in {currency} über {hours} Stunden; die umsatzstärkste Stunde beginnt um {hour}.',
    last30Summary: 'Netto pro Tag über {days} Tage; der beste Tag war der {day} mit {amount}.',
    mixSummary: 'Verkäufe nach Zahlungsart: {list}.',
    emptySummary: 'Keine Verkäufe für ein Diagramm.',
    table: 'Zahlen des Diagramms'
  },
  reconcile: {
    title: 'Abgleich',
    intro:
      'Vergleicht die Verkäufe in Kassa mit den eigenen Rechnungen des Zahlungsanbieters für einen Zeitraum.',
    processor: 'Zahlungsanbieter',
    from: 'Von',
    to: 'Bis',
    start: 'Starten',
    cancel: 'Abbrechen',
    noProcessor: 'Es ist kein Zahlungsanbieter verbunden, der seine Rechnungen auflistet.',
    progressLabel: 'Fortschritt des Abgleichs',
    progress: '{pages} Seiten gelesen, {invoices} Rechnungen, {requests} Anfragen',
    progressOf: 'Seite {pages} von {estimated}',
    state: {
      running: 'Wird verglichen…',
      done: 'Fertig.',
      cancelled: 'Abgebrochen. Was bis dahin verglichen wurde, wird angezeigt.',
      failed: 'Der Abgleich ist fehlgeschlagen.'
    },
    summary: {
      matched: '{count} Rechnungen stimmen überein',
      otherTills: '{count} von anderen Kassen',
      outsideKassa: '{count} außerhalb von Kassa erstellt',
      calm: 'Rechnungen anderer Kassen und von außerhalb sind zu erwarten und keine Fehler.',
      none: 'Keine Abweichungen: Kassa und der Zahlungsanbieter stimmen überein.'
    },
    kinds: {
      missingInKassa: 'Außerhalb von Kassa erstellt',
      missingInKassaHelp:
        'Der Zahlungsanbieter hat diese Rechnungen, Kassa nicht: erstellt am eigenen Kassensystem des Anbieters, in seinem Dashboard oder an einer anderen Kasse. Importieren Sie sie, wenn diese Kasse sie mitzählen soll.',
      missingAtProcessor: 'Fehlt beim Zahlungsanbieter',
      missingAtProcessorHelp:
        'Kassa hat diese Rechnungen, der Zahlungsanbieter listet sie nicht. Prüfen Sie sie beim Anbieter und markieren Sie sie dann als geprüft.',
      statusDiffers: 'Status weicht ab',
      statusDiffersHelp:
        'Kassa und der Zahlungsanbieter sehen den Stand unterschiedlich. „Jetzt erneut prüfen“ liest die Rechnung sofort neu.',
      amountDiffers: 'Betrag weicht ab',
      amountDiffersHelp:
        'Die Beträge weichen ab. Sehen Sie sich beide Seiten an und markieren Sie sie mit Ihrem Befund als geprüft.'
    },
    origin: {
      outsideKassa: 'Außerhalb von Kassa erstellt',
      otherTill: 'Von einer anderen Kasse erstellt ({till})',
      otherTillUnknown: 'Von einer anderen Kasse erstellt',
      thisTill: 'Von dieser Kasse erstellt'
    },
    invoice: 'Rechnung {id}',
    noInvoice: 'Keine Rechnungsnummer',
    created: 'Erstellt {at}',
    kassa: 'Kassa',
    atProcessor: 'Zahlungsanbieter',
    status: 'Status',
    amount: 'Betrag',
    paid: 'Bezahlt',
    notThere: 'nicht vorhanden',
    import: 'Importieren',
    recheck: 'Jetzt erneut prüfen',
    review: 'Als geprüft markieren',
    note: 'Notiz',
    notePlaceholder: 'Was Sie festgestellt haben',
    saveReview: 'Als geprüft speichern',
    reviewed: 'Geprüft von {by} am {at}: {note}'
  },
  settings: {
    title: 'Geschäftstag',
    intro:
      'Welche Stunden im Tagesabschluss zu einem Tag gehören. Eine Bar, die um 3 Uhr schließt, beginnt ihren Tag um 03:00.',
    timeZone: 'Zeitzone',
    follow: 'Wie dieser Computer',
    inEffect: 'Gilt jetzt: {zone}',
    startHour: 'Der Tag beginnt um',
    saved: 'Gespeichert.'
  }
}
