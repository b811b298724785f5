/** Kiosk-Modus: die Selbstbedienung für Kunden, der Ausgang für den Inhaber und Einstellungen → Kiosk. */
export default {
  title: 'Selbstbedienung',
  start: {
    welcome: 'Willkommen',
    tap: 'Zum Starten tippen',
    hint: 'Auswählen, mit Bitcoin bezahlen, fertig.'
  },
  shop: {
    heading: 'Was darf es sein?',
    items: 'Artikel',
    amount: 'Betrag',
    allCategories: 'Alle',
    categoriesLabel: 'Kategorien',
    noItems: 'Noch keine Artikel zur Auswahl.',
    addAmount: 'Betrag hinzufügen',
    amountLabel: 'Zu zahlender Betrag',
    cancel: 'Neu beginnen'
  },
  cart: {
    heading: 'Ihre Bestellung',
    empty: 'Ihre Bestellung ist noch leer.',
    more: 'Menge von {name} erhöhen',
    fewer: 'Menge von {name} verringern',
    remove: '{name} entfernen',
    total: 'Summe',
    pay: '{amount} bezahlen'
  },
  pay: {
    heading: 'Zum Bezahlen scannen',
    cancel: 'Zahlung abbrechen',
    seen: 'Zahlung erkannt. Warten auf die Bestätigung im Netzwerk …',
    ended: 'Diese Zahlung ist beendet. Es wurde nichts abgebucht.',
    startOver: 'Neu beginnen'
  },
  done: {
    heading: 'Vielen Dank!',
    paid: '{amount} bezahlt.',
    emailLabel: 'Beleg per E-Mail (freiwillig)',
    send: 'Beleg senden',
    sent: 'Beleg an {to} gesendet.',
    finish: 'Fertig'
  },
  idle: {
    heading: 'Sind Sie noch da?',
    body: 'Der Bildschirm beginnt in {n} Sekunde neu. | Der Bildschirm beginnt in {n} Sekunden neu.',
    stay: 'Ja, ich bin noch da'
  },
  exit: {
    label: 'Personal: Selbstbedienung verlassen'
  },
  settings: {
    heading: 'Kiosk',
    intro:
      'Überlassen Sie die Kasse Ihren Kunden: Sie wählen, geben Trinkgeld und bezahlen selbst. Nur die Inhaber-PIN beendet den Kiosk-Modus.',
    enabled: 'Kiosk-Modus an',
    idleSeconds: 'Zurück zum Startbildschirm nach (Sekunden ohne Berührung)',
    idleHint: '15 bis 600 Sekunden',
    startAtLogin: 'Kassa beim Start dieses Computers öffnen (Desktop-App)',
    mode: 'Der Kunde wählt',
    modes: {
      catalog: 'Artikel aus dem Katalog',
      amount: 'Einen Betrag auf dem Ziffernblock',
      both: 'Artikel oder einen Betrag'
    },
    tips: 'Trinkgeld-Vorschläge der Kasse anbieten',
    save: 'Speichern',
    saved: 'Gespeichert.',
    pinFirst: 'Legen Sie zuerst eine Inhaber-PIN fest: Nur mit ihr lässt sich der Kiosk-Modus beenden.',
    exitHint:
      'Kiosk-Modus verlassen: die linke obere Ecke 3 Sekunden lang gedrückt halten (oder Strg+Alt+K drücken), dann die Inhaber-PIN eingeben.'
  }
}
