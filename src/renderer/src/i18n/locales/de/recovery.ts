/** Der Bildschirm „Nachfassen“ des Inhabers und Einstellungen → Nachfass-Nachrichten. */
export default {
  nav: 'Nachfassen',
  title: 'Nachfassen',
  intro:
    'Zahlungen, die nicht zustande kamen. Bitten Sie den Kunden erneut, mit einem Zahlungslink über genau den offenen Betrag.',
  refresh: 'Aktualisieren',
  loading: 'Wird geladen …',
  rate: {
    title: 'Letzte {days} Tage',
    failed: 'Fehlgeschlagen',
    recovered: 'Nachträglich bezahlt',
    abandoned: 'Aufgegeben',
    open: 'Noch offen',
    rate: 'Erfolgsquote',
    percent: '{rate} %',
    none: 'Keine fehlgeschlagenen Zahlungen',
    money: 'Nachträglich eingenommen',
    noMoney: 'Noch nichts'
  },
  filter: {
    label: 'Anzeigen',
    active: 'Offen',
    recovered: 'Bezahlt',
    abandoned: 'Aufgegeben',
    all: 'Alle'
  },
  list: {
    label: 'Fehlgeschlagene Zahlungen',
    empty: 'Hier ist nichts.',
    emptyActive: 'Keine fehlgeschlagene Zahlung wartet.',
    more: 'Weitere laden',
    receipt: 'Beleg {number}',
    sale: 'Verkauf vom {at}',
    noCustomer: 'Kein Kunde',
    due: '{amount} offen',
    recovered: '{amount} bezahlt',
    failed: 'Fehlgeschlagen {at}'
  },
  reason: {
    expired: 'Unbezahlt abgelaufen',
    underpaid: 'Zu wenig bezahlt',
    invalid: 'Als ungültig markiert'
  },
  status: {
    open: 'Offen',
    requested: 'Link erstellt',
    recovered: 'Nachträglich bezahlt',
    abandoned: 'Aufgegeben'
  },
  detail: {
    back: 'Zurück zur Liste',
    pick: 'Wählen Sie eine fehlgeschlagene Zahlung, um Kunde, offenen Betrag und Ihre Möglichkeiten zu sehen.',
    loading: 'Wird geladen …',
    customer: 'Kunde',
    name: 'Name',
    email: 'E-Mail',
    phone: 'Telefon',
    noCustomer: 'Diesem Verkauf wurde kein Kunde zugeordnet, daher gibt es niemanden anzuschreiben.',
    bought: 'Gekauft',
    memo: 'Notiz zum Verkauf: {memo}',
    nothingListed: 'Ein auf dem Ziffernblock eingegebener Betrag, ohne Artikel.',
    line: '{quantity} × {name}',
    amount: 'Betrag',
    paid: 'Bezahlt',
    due: 'Noch offen',
    recoveredAmount: 'Nachträglich bezahlt',
    failedAt: 'Fehlgeschlagen',
    saleAt: 'Verkauft',
    reason: 'Grund',
    history: 'Weitere Verkäufe an diesen Kunden',
    noHistory: 'Keine weiteren Verkäufe.',
    recovered: '{amount} nachträglich bezahlt am {at}.',
    countsOn: 'Das Geld zählt zum Geschäftstag {day}, nicht zum Tag des Verkaufs.',
    abandoned: 'Aufgegeben am {at}.',
    note: 'Notiz: {note}'
  },
  request: {
    title: 'Zahlungslink',
    none: 'Noch kein Zahlungslink.',
    create: 'Zahlungslink erstellen',
    creating: 'Wird erstellt …',
    again: 'Neuen Zahlungslink erstellen',
    check: 'Jetzt prüfen',
    checking: 'Wird geprüft …',
    link: 'Link',
    copyLink: 'Link kopieren',
    copied: 'Kopiert.',
    copyFailed: 'Kopieren nicht möglich. Markieren und kopieren Sie den Link.',
    amount: 'Über {amount}',
    expires: 'Gültig bis {at}',
    status: {
      creating: 'Wird erstellt',
      open: 'Wartet auf Zahlung',
      paid: 'Bezahlt',
      expired: 'Abgelaufen',
      archived: 'Zurückgezogen',
      failed: 'Vom Zahlungsanbieter abgelehnt'
    }
  },
  demo: {
    title: 'Demo-Zahlungsanbieter',
    note: 'Spielen Sie den Kunden, der diesen Link bezahlt.',
    pay: 'Zahlung simulieren'
  },
  message: {
    title: 'Nachricht an den Kunden',
    language: 'Sprache',
    to: 'An',
    subject: 'Betreff',
    body: 'Nachricht',
    drafting: 'Wird entworfen …',
    redraft: 'Neu entwerfen',
    missing: 'Noch nicht ausgefüllt: {names}.',
    missingLink: 'Erstellen Sie zuerst den Zahlungslink.',
    linkReady: 'Der Zahlungslink ist da. Entwerfen Sie die Nachricht neu, um ihn einzusetzen.',
    copy: 'Kopieren',
    copied: 'Kopiert. Fügen Sie den Text in eine beliebige Nachricht ein.',
    copyFailed: 'Kopieren nicht möglich. Markieren und kopieren Sie den Text.',
    mailto: 'Im Mailprogramm öffnen',
    send: 'Per E-Mail senden',
    sending: 'Wird gesendet …',
    noEmail:
      'Der Kunde hat keine E-Mail-Adresse: Kopieren Sie die Nachricht und senden Sie sie auf anderem Weg.'
  },
  outbox: {
    title: 'Nachrichten',
    none: 'Noch keine Nachricht.',
    at: '{at}',
    attempts: 'Versuche: {count}',
    retry: 'Erneut senden',
    unknownNote:
      'Die Kasse wurde während des Sendens beendet. Die Nachricht ist vielleicht schon angekommen.',
    confirmTitle: 'Noch einmal senden?',
    confirmText:
      'Die Kasse wurde beendet, während sie diese Nachricht sendete. Sie ist vielleicht schon angekommen. Trotzdem noch einmal senden?',
    confirm: 'Noch einmal senden',
    cancel: 'Abbrechen',
    channel: {
      smtp: 'E-Mail',
      copy: 'Kopiert',
      mailto: 'Mailprogramm'
    },
    state: {
      queued: 'Wartet',
      sending: 'Wird gesendet',
      sent: 'Gesendet',
      failed: 'Nicht gesendet',
      unknown: 'Vielleicht gesendet'
    }
  },
  abandon: {
    button: 'Aufgeben …',
    title: 'Diese Zahlung aufgeben?',
    text: 'Sie verschwindet aus der Liste der offenen und zählt als aufgegeben. Ein offener Zahlungslink wird zurückgezogen, wo der Zahlungsanbieter das kann.',
    note: 'Notiz (freiwillig)',
    confirm: 'Aufgeben',
    cancel: 'Abbrechen'
  },
  customerLanguage: {
    label: 'Sprache für Nachrichten',
    auto: 'Automatisch (Sprache der Kasse)',
    hint: 'Nachfass-Nachrichten an diesen Kunden werden in dieser Sprache entworfen.'
  },
  languages: {
    en: 'English',
    de: 'Deutsch'
  },
  variables: {
    customer: 'Name des Kunden',
    items: 'Gekaufte Artikel',
    amountDue: 'Offener Betrag',
    link: 'Zahlungslink',
    shop: 'Name des Geschäfts'
  },
  templates: {
    title: 'Nachfass-Nachrichten',
    intro:
      'Die Nachricht, die für einen Kunden entworfen wird, dessen Zahlung fehlschlug, eine je Sprache. Wo die Sprache des Kunden bekannt ist, wird sie verwendet.',
    loading: 'Wird geladen …',
    language: 'Sprache',
    subject: 'Betreff',
    body: 'Nachricht',
    insert: 'Einen Wert an der Schreibmarke einfügen',
    save: 'Nachrichten speichern',
    saved: 'Gespeichert.'
  }
}
