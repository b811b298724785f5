/** Die Rückerstattungsregeln: Einstellungen → Rückerstattungsregeln und ihre Prüfung bei der Rückerstattung. */
export default {
  settings: {
    title: 'Rückerstattungsregeln',
    intro:
      'Was eine Kassiererin oder ein Kassierer allein erstatten darf. Darüber hinaus fragt die Kasse nach der Inhaber-PIN.',
    window: 'Rückerstattungsfrist (Tage seit Zahlung)',
    windowHelp: 'Leer: jederzeit.',
    limit: 'Höchstbetrag ohne Inhaber ({currency})',
    limitHelp: 'Leer: keine Grenze.',
    fee: 'Wiedereinlagerungsgebühr %',
    feeHelp: 'Wird von jeder Rückerstattung einbehalten; „0“ für keine.',
    variants: 'Erlaubte Erstattungsarten (BTCPay, Demo)',
    defaultVariant: 'Vorausgewählt',
    firstAvailable: 'Die erste verfügbare',
    reasons: 'Gründe zur Auswahl (einer pro Zeile)',
    reasonsHelp: 'Leer: Der Grund wird frei eingegeben.',
    allowOther: 'Einen anderen, frei formulierten Grund erlauben',
    multiple: 'Mehr als eine Rückerstattung pro Verkauf ohne Inhaber erlauben',
    noPin: 'Es ist keine Inhaber-PIN festgelegt: Bis dahin können diese Grenzen nicht nach ihr fragen.',
    saved: 'Rückerstattungsregeln gespeichert.',
    problems: {
      window: 'Ganze Tage von 1 bis 3650 angeben oder leer lassen',
      limit: 'Einen Betrag wie 50 oder 49,99 angeben oder leer lassen',
      fee: 'Einen Prozentsatz von 0 bis 100 mit höchstens 4 Nachkommastellen angeben',
      variants: 'Mindestens eine Erstattungsart erlauben'
    }
  },
  triage: {
    allowed: 'Im Rahmen der Rückerstattungsregeln.',
    needsOwner: 'Inhaber-PIN erforderlich: {why}.',
    refused: 'Nach den Rückerstattungsregeln nicht möglich: {why}.',
    why: {
      'cashier-limit': '{amount} liegt über dem Höchstbetrag ohne Inhaber von {limit}',
      'cashier-limit-currency': 'der Höchstbetrag ohne Inhaber gilt in {currency}',
      window: 'vor {days} Tagen bezahlt, die Rückerstattungsfrist beträgt {windowDays} Tage',
      'one-per-sale': 'dieser Verkauf wurde bereits erstattet',
      'restocking-fee': 'es wird weniger als die Wiedereinlagerungsgebühr von {fee} % einbehalten',
      variant: 'diese Erstattungsart ist nicht erlaubt',
      reason: 'bitte einen der vorgegebenen Gründe wählen'
    }
  },
  fee: {
    row: 'Wiedereinlagerungsgebühr ({percent} %)',
    net: 'Erstattet nach Abzug der Gebühr',
    recordNote: 'Wiedereinlagerungsgebühr {percent} %: {fee} einbehalten, {net} erstattet.'
  },
  reason: {
    choose: 'Grund',
    pick: 'Grund wählen',
    other: 'Anderer Grund',
    otherText: 'Der andere Grund'
  }
}
