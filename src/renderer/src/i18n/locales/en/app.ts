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
    unknown: 'Checking…',
    online: 'Online',
    degraded: 'Slow or limited',
    offline: 'Offline',
    lastAnswer: 'last answer {time}',
    never: 'no answer yet',
    /** The badge's accessible name: processor, state, and when it last answered. */
    label: '{processor}: {state}',
    others: 'Payment processors',
    detail: 'What the processor said: {detail}'
  },
  mainLink: {
    down: 'The till’s main process is not reachable — reconnecting…'
  },
  signIn: {
    title: 'Open the till with its link',
    why: 'This page was opened without the till’s key, so it cannot show or take sales.',
    how: 'When Kassa starts it prints a link in its terminal window, like this:',
    example: 'Kassa till: http://127.0.0.1:…/#token=…',
    open: 'Open that whole link (the part after # is the key). It stays the same when Kassa restarts with the same data folder.',
    restart: 'Closed that window? Start Kassa again with {command}: it prints the link again.',
    stale:
      'This page holds the key of an earlier start of Kassa, which this till no longer accepts (renewed with --new-token, or another data folder).'
  }
}
