/** The till screen: catalog grid, keypad, cart, discount, scanner and the Charge button. */
export default {
  title: 'Till',
  keypadLine: 'Item',
  charge: 'Charge {amount}',
  charging: 'Charging…',
  addItem: 'Add item',
  memo: {
    label: 'Memo or item name (optional)',
    itemName: 'Item name',
    placeholder: 'Item name or memo'
  },
  tabs: { label: 'Catalog or keypad', items: 'Items', keypad: 'Keypad' },
  display: { due: 'Due', amount: 'Amount', dueLabel: 'Due: {amount}', entry: 'Typed: {amount}' },
  keypad: { label: 'Keypad', backspace: 'Backspace', clear: 'Clear' },
  scan: { unknown: 'Unknown code {code}', failed: 'Could not look up code {code}' },
  grid: {
    label: 'Catalog',
    empty: 'No catalog items yet',
    emptyLink: 'Add items to the catalog',
    search: 'Search items',
    searchPlaceholder: 'Search name, SKU or barcode',
    categories: 'Categories',
    all: 'All',
    noMatch: 'No item matches',
    refine: 'Showing {shown} of {matched} items: refine your search',
    suggested: '{price} suggested',
    anyPrice: 'Any price',
    from: 'from {price}'
  },
  cart: {
    label: 'Cart',
    empty: 'Tap an item, scan a barcode or type an amount.',
    edit: 'Change {name}',
    each: '{price} each',
    quantityOf: 'Quantity of {name}',
    fewer: 'One fewer {name}',
    more: 'One more {name}',
    remove: 'Remove {name}',
    subtotal: 'Subtotal',
    discount: 'Discount',
    tax: 'Tax {rate} %',
    taxIncluded: 'Incl. tax {rate} %',
    total: 'Total',
    addDiscount: 'Discount',
    changeDiscount: 'Change discount'
  },
  line: {
    quantity: 'Quantity',
    fewer: 'One fewer',
    more: 'One more',
    price: 'Price ({currency})',
    remove: 'Remove line',
    badQuantity: 'The quantity must be a whole number from 1 to {max}'
  },
  price: {
    title: 'Price of {name}',
    label: 'Price ({currency})',
    minimum: 'At least {price}',
    belowMinimum: 'The price must be at least {price}',
    invalid: 'Enter a price, like 4.50',
    add: 'Add to cart'
  },
  discount: {
    title: 'Order discount',
    kind: 'Discount in',
    percent: 'Percent',
    amount: 'Amount ({currency})',
    percentLabel: 'Discount in percent',
    amountLabel: 'Discount in {currency}',
    invalid: 'Enter a number, like 10',
    badPercent: 'Enter a percentage from 0 to 100, like 10',
    tooMuch: 'The discount is more than the sale',
    clear: 'Remove discount',
    apply: 'Apply'
  },
  large: {
    title: 'Confirm a large amount',
    question: 'Charge this amount?',
    why: 'It is above this till’s limit of {maximum} per sale. Check the amount with the customer.',
    yes: 'Yes, charge it',
    no: 'No, go back'
  },
  coins: { title: 'Pay {amount} with…', minimum: 'min. {amount}', unavailable: 'Not available now' }
}
