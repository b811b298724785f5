/** Der Zahlungsbildschirm: Trinkgeld, QR-Code und Beträge der Rechnung, Status und was die Kasse tun kann. */
export default {
  title: 'Zahlung',
  loading: 'Verkauf wird geladen …',
  sideLabel: 'Beträge und Aktionen',
  lateNote:
    'Die Kundschaft hat nach Ablauf der Rechnung bezahlt. Ware aushändigen und Beleg drucken oder die Zahlung erstatten.',
  retry: 'Erneut versuchen',
  chargeAgain: '{amount} erneut kassieren',
  receipt: 'Beleg',
  refund: 'Rückerstattung',
  newSale: 'Neuer Verkauf',
  backToTill: 'Zurück zur Kasse',
  expiresIn: 'Läuft ab in',
  seen: {
    title: 'Zahlung erkannt — warte auf Bestätigung',
    text: 'Die Kundschaft hat bezahlt; das Netzwerk bestätigt die Zahlung. Dieser Bildschirm geht von selbst weiter.'
  },
  cancel: {
    button: 'Verkauf stornieren',
    title: 'Diesen Verkauf stornieren?',
    text: 'Die Rechnung über {amount} wird storniert und kann nicht mehr bezahlt werden.',
    keep: 'Nein, behalten',
    confirm: 'Ja, stornieren'
  },
  amounts: {
    total: 'Summe',
    pays: 'Kunde zahlt',
    stillPays: 'Kunde zahlt noch',
    restOf: 'Noch {rest} von {total} offen',
    onCheckout: 'Wird auf der Bezahlseite gewählt',
    rate: 'Kurs'
  },
  method: { label: 'Zahlungsart', chain: 'Bitcoin (On-Chain)', lightning: 'Lightning' },
  qr: {
    label: 'QR-Code zum Bezahlen',
    noLink: 'Noch kein Zahlungslink',
    drawFailed: 'Der QR-Code konnte nicht gezeichnet werden: bitte den Link unten kopieren',
    checkoutHint: 'Scannen öffnet die Bezahlseite: Dort wählt die Kundschaft die Währung.',
    copyLink: 'Link kopieren',
    copyInvoice: 'Rechnung kopieren',
    copyAddress: 'Adresse kopieren',
    copied: 'Kopiert',
    copyFailed: 'Kopieren fehlgeschlagen',
    noClipboard: 'Die Zwischenablage ist nicht verfügbar: Bitte den Text oben markieren.'
  },
  demo: {
    title: 'Zahlung simulieren (nur Demo-Anbieter)',
    note: 'Es fließt kein Geld: Diese Tasten gibt es nur beim eingebauten Demo-Anbieter.',
    full: 'Vollständig bezahlen',
    partial: 'Teilweise bezahlen',
    over: 'Zu viel bezahlen',
    expire: 'Ablaufen lassen',
    late: 'Nach Ablauf bezahlen'
  },
  tip: {
    heading: 'Trinkgeld',
    title: 'Möchten Sie Trinkgeld geben?',
    before: 'Betrag: {amount}',
    presets: 'Trinkgeld',
    custom: 'Eigener Betrag',
    none: 'Kein Trinkgeld',
    customKind: 'Eigenes Trinkgeld in',
    customPercent: 'Trinkgeld in Prozent',
    customAmount: 'Trinkgeld in {currency}',
    apply: 'Übernehmen',
    invalid: 'Bitte ein Trinkgeld eingeben, z. B. 10 oder 2,50',
    tip: 'Trinkgeld',
    total: 'Zu zahlen',
    back: 'Zurück',
    continue: '{amount} bezahlen',
    continueEmpty: 'Bezahlen'
  },
  status: {
    unknownAmount: 'einen unbekannten Betrag',
    lateConfirming: 'Nach Ablauf bezahlt — {amount} erhalten, warte auf Bestätigung',
    lateConfirmed: 'Verspätet bezahlt — {amount} nach Ablauf der Rechnung bezahlt',
    overpaidSettled: 'Um {amount} überzahlt — vollständig bezahlt',
    overpaidProcessing: 'Um {amount} überzahlt — warte auf Bestätigung',
    partial: 'Teilweise bezahlt — noch {amount} offen',
    waiting: 'Warte auf Zahlung',
    seen: 'Zahlung erkannt — warte auf Bestätigung',
    paid: 'Bezahlt',
    expiredPartial:
      'Abgelaufen nach einer Teilzahlung von {amount}: erstatten oder den Rest in einem neuen Verkauf kassieren',
    expired: 'Abgelaufen — nichts bezahlt. Erneut kassieren oder neuen Verkauf beginnen.',
    invalid: 'Zahlung ungültig — Ware nicht aushändigen',
    creating: 'Rechnung wird erstellt …',
    failed: 'Die Rechnung konnte nicht erstellt werden',
    failedBecause: 'Die Rechnung konnte nicht erstellt werden: {reason}',
    cancelled: 'Verkauf storniert',
    refunded: 'Erstattet',
    short: {
      creating: 'Rechnung wird erstellt',
      seen: 'Zahlung erkannt',
      partial: 'Teilweise bezahlt',
      waiting: 'Warte auf Zahlung',
      refunded: 'Erstattet',
      paidLate: 'Nach Ablauf bezahlt',
      paidOver: 'Bezahlt (überzahlt)',
      paid: 'Bezahlt',
      lateConfirming: 'Nach Ablauf bezahlt (wird bestätigt)',
      expiredPartial: 'Abgelaufen (teilweise bezahlt)',
      expired: 'Abgelaufen',
      invalid: 'Ungültig',
      cancelled: 'Storniert',
      failed: 'Fehlgeschlagen'
    }
  }
}
