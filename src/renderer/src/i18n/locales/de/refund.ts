/** Der Rückerstattungsbildschirm (siehe en/refund.ts). */
export default {
  title: 'Rückerstattung',
  backToReceipt: 'Zurück zum Beleg',
  modeProcessor: 'In Krypto erstatten',
  modeWithdrawal: 'An die Adresse des Kunden senden',
  modeRecord: 'Außerhalb von Kassa gezahlte Erstattung erfassen',
  summary: {
    paid: 'Bezahlt',
    refunded: 'Bereits erstattet',
    left: 'Noch erstattbar',
    sale: 'Verkauf'
  },
  variants: {
    RateThen: 'Krypto zum Kurs beim Verkauf',
    CurrentRate: 'Krypto zum heutigen Kurs',
    Fiat: 'Der Betrag in Landeswährung',
    OverpaidAmount: 'Nur der zu viel gezahlte Betrag',
    Custom: 'Ein eigener Betrag'
  },
  hints: {
    RateThen: 'Dieselben BTC, die der Kunde gezahlt hat, egal wie der Kurs heute steht.',
    CurrentRate: 'So viele BTC, wie der gezahlte Betrag zum heutigen Kurs ergibt.',
    Fiat: 'Der Wert in Landeswährung, umgerechnet in BTC, wenn der Kunde ihn abruft.',
    OverpaidAmount: 'Nur was der Kunde über den Rechnungsbetrag hinaus gezahlt hat.',
    Custom: 'Ein Betrag Ihrer Wahl, in einer Währung Ihrer Wahl.'
  },
  states: {
    pending: 'Angefragt – wartet auf den Zahlungsanbieter',
    unknown: 'Unklar – vor einem neuen Versuch prüfen',
    awaitingClaim: 'Wartet darauf, dass der Kunde sie abruft',
    awaitingApproval: 'Wartet auf Freigabe',
    inProgress: 'Wird ausgezahlt',
    completed: 'Abgeschlossen',
    cancelled: 'Storniert',
    failed: 'Fehlgeschlagen'
  },
  methods: { cash: 'Bar', wallet: 'Andere Wallet', other: 'Sonstiges' },
  kinds: {
    pullPayment: 'Erstattung zum Abrufen',
    withdrawal: 'Erstattung an Adresse',
    recorded: 'Außerhalb von Kassa gezahlte Erstattung'
  },
  variantForm: {
    legend: 'Wie erstatten?',
    variantGroup: 'Art der Erstattung',
    subtract: 'Abzug (%)',
    subtractHelp: 'Eine Gebühr, die das Geschäft einbehält, 0 bis 100.',
    customAmount: 'Eigener Betrag',
    customCurrency: 'Währung',
    submit: 'Erstattung anlegen …',
    confirmTitle: 'Diese Erstattung anlegen?',
    confirm: 'Erstattung anlegen',
    rowRefund: 'Erstattung',
    rowSubtract: 'Abzug',
    rowPays: 'Zahlt',
    rowAbout: 'Etwa',
    about: '{amount} zum heutigen Kurs',
    rowReason: 'Grund'
  },
  preview: {
    caption: 'Was jede Wahl auszahlt',
    updating: 'Was jede Wahl auszahlt (wird aktualisiert …)',
    refund: 'Erstattung',
    crypto: 'Krypto'
  },
  withdrawal: {
    legend: 'An die Adresse des Kunden senden',
    paid: 'Der Kunde hat gezahlt',
    address: '{coin}-Adresse des Kunden',
    addressHelp:
      'Geben Sie die Adresse des Kunden ein oder fügen Sie sie ein; mit der Kamera scannen geht noch nicht. Prüfen Sie sie mit dem Kunden: Eine Zahlung an eine falsche Adresse lässt sich nicht rückgängig machen.',
    amount: 'Betrag ({coin})',
    feePlan: 'Gebührenstufe',
    defaultPlan: 'Standard',
    estimate: 'Gebühr schätzen',
    send: 'Erstattung senden …',
    confirmTitle: 'Diese Erstattung senden?',
    confirm: 'Erstattung senden',
    rowSend: 'Senden',
    rowTo: 'An',
    rowFeePlan: 'Gebührenstufe',
    rowTaken: 'Vom Guthaben abgezogen',
    rowReason: 'Grund',
    defaultPlanWord: 'Standard'
  },
  estimate: {
    gross: 'Eingegebener Betrag',
    restockingFee: 'Einbehaltene Wiedereinlagerungsgebühr',
    sent: 'An die Kundschaft gesendet',
    fee: 'Netzwerkgebühr ({plan})',
    commission: 'Provision',
    total: 'Gesamt vom Guthaben',
    balance: 'Guthaben',
    unknown: 'unbekannt',
    stale: 'Adresse, Betrag oder Gebührenstufe haben sich geändert: vor dem Senden neu schätzen.'
  },
  record: {
    legend: 'Außerhalb von Kassa gezahlte Erstattung erfassen',
    help: 'Kassa sendet nichts: Halten Sie eine Erstattung fest, die Sie selbst bar oder aus einer anderen Wallet gezahlt haben.',
    amount: 'Betrag ({currency})',
    method: 'Gezahlt per',
    submit: 'Erstattung erfassen'
  },
  reason: {
    label: 'Grund',
    optional: 'Grund (optional)',
    placeholder: 'z. B. falsche Größe, Ware zurückgegeben'
  },
  confirm: {
    back: 'Zurück',
    working: 'Wird ausgeführt …'
  },
  result: {
    amount: 'Betrag',
    state: 'Status',
    to: 'An',
    transaction: 'Transaktion',
    reason: 'Grund',
    checkAgain: 'Erneut prüfen',
    release: 'Nicht gesendet – Betrag freigeben',
    refresh: 'Aktualisieren',
    cancel: 'Erstattung stornieren',
    another: 'Weitere Erstattung',
    done: 'Fertig'
  },
  claim: {
    drawFailed: 'Der QR-Code konnte nicht gezeichnet werden: Geben Sie dem Kunden den Link unten.',
    help: 'Der Kunde scannt diesen Code und gibt seine eigene Adresse ein, um die Erstattung zu erhalten.',
    qrLabel: 'QR-Code des Links zum Abrufen der Erstattung',
    copy: 'Link kopieren',
    copied: 'Kopiert',
    copyFailed: 'Kopieren fehlgeschlagen'
  },
  history: {
    label: 'Frühere Erstattungen',
    title: 'Erstattungen dieses Verkaufs',
    open: 'Öffnen'
  },
  problems: {
    percent: 'Geben Sie einen Abzug von 0 bis 100 Prozent an, z. B. 10 oder 2,5',
    customAmount: 'Geben Sie den eigenen Betrag als Zahl an, z. B. 5,00',
    customCurrency: 'Geben Sie die Währung des eigenen Betrags an, z. B. EUR oder BTC',
    addressShort: 'Geben Sie die Adresse des Kunden ein (sie ist zu kurz)',
    addressLong: 'Diese Adresse ist zu lang',
    addressCharacters:
      'Eine Adresse besteht nur aus Buchstaben und Ziffern: auf Leerzeichen oder fremde Zeichen prüfen',
    coinAmount: 'Geben Sie den zu sendenden Betrag als Zahl an, z. B. 0,0012',
    recordAmount: 'Erstattungsbetrag: „{amount}“ ist kein Betrag',
    recordAmountPrefix: 'Erstattungsbetrag',
    moreThanLeft: 'Das ist mehr, als noch erstattet werden kann ({amount})',
    reason: 'Geben Sie an, warum erstattet wurde',
    chooseVariant: 'Wählen Sie, wie erstattet werden soll',
    unavailable: 'Diese Erstattung ist nicht möglich',
    unpriced: 'Kassa kann nicht sagen, was diese Erstattung auszahlt',
    estimateFirst: 'Schätzen Sie zuerst die Gebühr: Adresse, Betrag oder Gebührenstufe haben sich geändert',
    loading: 'Wird noch geladen'
  }
}
