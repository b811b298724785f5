/** Die Kasse: Artikelraster, Tastenfeld, Warenkorb, Rabatt, Scanner und die Taste „Kassieren“. */
export default {
  title: 'Kasse',
  keypadLine: 'Artikel',
  charge: '{amount} kassieren',
  charging: 'Wird kassiert …',
  addItem: 'Hinzufügen',
  memo: {
    label: 'Notiz oder Artikelname (optional)',
    itemName: 'Artikelname',
    placeholder: 'Name oder Notiz'
  },
  tabs: { label: 'Artikel oder Tastenfeld', items: 'Artikel', keypad: 'Tastenfeld' },
  display: {
    due: 'Zu zahlen',
    amount: 'Betrag',
    dueLabel: 'Zu zahlen: {amount}',
    entry: 'Eingabe: {amount}'
  },
  keypad: { label: 'Tastenfeld', backspace: 'Rücktaste', clear: 'Löschen' },
  scan: { unknown: 'Unbekannter Code {code}', failed: 'Code {code} konnte nicht nachgeschlagen werden' },
  grid: {
    label: 'Artikel',
    empty: 'Noch keine Artikel im Katalog',
    emptyLink: 'Artikel im Katalog anlegen',
    search: 'Artikel suchen',
    searchPlaceholder: 'Name, Artikelnummer oder Barcode',
    categories: 'Kategorien',
    all: 'Alle',
    noMatch: 'Kein Artikel passt',
    refine: '{shown} von {matched} Artikeln: Suche bitte eingrenzen',
    suggested: '{price} empfohlen',
    anyPrice: 'Freier Preis',
    from: 'ab {price}'
  },
  cart: {
    label: 'Warenkorb',
    empty: 'Artikel antippen, Barcode scannen oder Betrag eingeben.',
    edit: '{name} ändern',
    each: 'je {price}',
    quantityOf: 'Menge von {name}',
    fewer: 'Ein {name} weniger',
    more: 'Ein {name} mehr',
    remove: '{name} entfernen',
    subtotal: 'Zwischensumme',
    discount: 'Rabatt',
    tax: 'MwSt. {rate} %',
    taxIncluded: 'inkl. MwSt. {rate} %',
    total: 'Summe',
    addDiscount: 'Rabatt',
    changeDiscount: 'Rabatt ändern'
  },
  line: {
    quantity: 'Menge',
    fewer: 'Eins weniger',
    more: 'Eins mehr',
    price: 'Preis ({currency})',
    remove: 'Position entfernen',
    badQuantity: 'Die Menge muss eine ganze Zahl von 1 bis {max} sein'
  },
  price: {
    title: 'Preis für {name}',
    label: 'Preis ({currency})',
    minimum: 'Mindestens {price}',
    belowMinimum: 'Der Preis muss mindestens {price} betragen',
    invalid: 'Bitte einen Preis eingeben, z. B. 4,50',
    add: 'In den Warenkorb'
  },
  discount: {
    title: 'Rabatt auf den Einkauf',
    kind: 'Rabatt in',
    percent: 'Prozent',
    amount: 'Betrag ({currency})',
    percentLabel: 'Rabatt in Prozent',
    amountLabel: 'Rabatt in {currency}',
    invalid: 'Bitte eine Zahl eingeben, z. B. 10',
    badPercent: 'Bitte einen Prozentsatz von 0 bis 100 eingeben, z. B. 10',
    tooMuch: 'Der Rabatt ist höher als der Einkauf',
    clear: 'Rabatt entfernen',
    apply: 'Übernehmen'
  },
  large: {
    title: 'Hohen Betrag bestätigen',
    question: 'Diesen Betrag kassieren?',
    why: 'Er liegt über der Grenze dieser Kasse von {maximum} pro Verkauf. Bitte den Betrag mit der Kundschaft prüfen.',
    yes: 'Ja, kassieren',
    no: 'Nein, zurück'
  },
  coins: {
    title: '{amount} bezahlen mit …',
    minimum: 'mind. {amount}',
    unavailable: 'Derzeit nicht verfügbar'
  }
}
