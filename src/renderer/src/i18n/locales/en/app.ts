/** The frame around every screen (`App.vue`, `components/app/*`). */
export default {
  brand: 'Kassa',
  nav: {
    day: 'Day',
    catalog: 'Catalog',
    label: 'Screens',
    till: 'Till',
    recent: 'Recent sales',
    settings: 'Settings'
  },
  processor: 'Payment processor: {name}',
  connectivity: {
    unknown: 'Not checked yet',
    online: 'Online',
    offline: 'Offline'
  },
  signIn: {
    title: 'Open the till with its link',
    why: 'This page was opened without the till’s key, so it cannot show or take sales.',
    how: 'When Kassa starts it prints a link in its terminal window, like this:',
    example: 'Kassa till: http://127.0.0.1:…/#token=…',
    open: 'Open that whole link (the part after # is the key). Each start of Kassa makes a new one.',
    restart: 'Closed that window? Start Kassa again with {command} and use the new link.',
    stale: 'This page holds the key of an earlier start of Kassa.'
  }
}
