/**
 * Verkaufen trotz Ausfall (Issue 15): die Wahl an der Kasse, ein Verkauf in der Offline-Warteschlange auf dem
 * Zahlungsbildschirm, die Liste wartender Verkäufe im Kopf und Einstellungen → Offline-Verkäufe.
 */
export default {
  refusal: {
    title: '{processor} ist gerade nicht erreichbar.',
    sale: 'Dieser Verkauf: {amount}',
    reasons: {
      offlineNotAllowed:
        'Laut den Einstellungen des Inhabers darf ein Verkauf nicht warten, solange {processor} offline ist.',
      outboxConfirm:
        'Der Verkauf kann in der Offline-Warteschlange warten und wird automatisch berechnet, sobald {processor} wieder erreichbar ist.',
      outboxPerSaleCap:
        'Dieser Verkauf liegt über dem Limit für einen Offline-Verkauf ({limit}) und kann daher nicht auf {processor} warten.',
      outboxTotalCap:
        'Die Offline-Warteschlange ist voll: {open} warten bereits, das Limit liegt bei {limit}. Dieser Verkauf kann nicht warten.',
      outboxCurrency: 'Nur Verkäufe in {currency} können in der Offline-Warteschlange warten.'
    },
    choices: 'Wie weiter?',
    other: 'Stattdessen mit {processor} kassieren',
    outbox:
      'Verkauf behalten – er wird automatisch berechnet, sobald {processor} wieder erreichbar ist (innerhalb von {hours} Std.)',
    none: 'Kein anderer Zahlungsanbieter ist verbunden und erreichbar.',
    cancel: 'Abbrechen – zurück zum Warenkorb',
    busy: 'Wird kassiert …'
  },
  waiting: {
    title: 'Warten auf {processor}',
    body: 'Dieser Verkauf wird automatisch berechnet, sobald {processor} wieder erreichbar ist. Bis dahin gibt es keinen QR-Code.',
    left: 'Verbleibende Zeit',
    leftValue: '{hours} Std. {minutes} Min.',
    until: 'Gibt um {time} auf',
    next: 'Nächster Versuch',
    nextSoon: 'sobald {processor} antwortet',
    attempts: 'Bisherige Versuche',
    newSale: 'Neuer Verkauf (dieser wartet weiter)',
    other: 'Stattdessen mit {processor} kassieren',
    cancel: 'Verkauf stornieren'
  },
  chip: {
    label: '{count} wartend',
    title: 'Verkäufe, die auf ihren Zahlungsanbieter warten',
    since: 'seit {time}',
    left: 'noch {hours} Std. {minutes} Min.'
  },
  settings: {
    title: 'Offline-Verkäufe',
    intro:
      'Was die Kasse darf, solange ein Zahlungsanbieter nicht erreichbar ist. Ein wartender Verkauf wird automatisch berechnet, sobald der Zahlungsanbieter wieder antwortet; bis dahin trägt das Geschäft das Risiko.',
    mode: 'Wenn der Zahlungsanbieter offline ist',
    modes: {
      none: 'Ablehnen',
      outbox: 'Offline-Warteschlange',
      capped: 'Offline-Warteschlange mit Limits'
    },
    modeHelp: {
      none: 'Verkäufe werden abgelehnt, solange der Zahlungsanbieter offline ist (ein anderer verbundener Zahlungsanbieter geht weiterhin).',
      outbox: 'Verkäufe warten in der Offline-Warteschlange, ohne Limit für ihre Beträge.',
      capped:
        'Verkäufe warten in der Offline-Warteschlange bis zu einem Limit pro Verkauf und einem Limit für alles Wartende.'
    },
    perSale: 'Limit pro Verkauf ({currency})',
    perSaleHelp: 'Der größte Verkauf, der warten darf, z. B. {example}.',
    total: 'Limit aller wartenden Verkäufe ({currency})',
    totalHelp: 'Was alle wartenden Verkäufe zusammen ausmachen dürfen.',
    hours: 'Längste Wartezeit (Stunden)',
    hoursHelp: 'Von 1 bis 72. Ein bis dahin nicht berechneter Verkauf schlägt fehl.',
    problems: {
      amount: 'Geben Sie einen Betrag über null ein, z. B. {example}.',
      total: 'Das Limit aller wartenden Verkäufe darf nicht unter dem Limit pro Verkauf liegen.',
      hours: 'Geben Sie ganze Stunden von 1 bis 72 ein.'
    },
    save: 'Offline-Verkäufe speichern'
  }
}
