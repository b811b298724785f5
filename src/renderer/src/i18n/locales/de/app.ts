/** Der Rahmen um jeden Bildschirm (siehe en/app.ts). */
export default {
  brand: 'Kassa',
  nav: {
    day: 'Tagesabschluss',
    catalog: 'Katalog',
    label: 'Bildschirme',
    till: 'Kasse',
    recent: 'Letzte Verkäufe',
    settings: 'Einstellungen'
  },
  processor: 'Zahlungsanbieter: {name}',
  connectivity: {
    unknown: 'Noch nicht geprüft',
    online: 'Online',
    offline: 'Offline'
  },
  signIn: {
    title: 'Kasse über ihren Link öffnen',
    why: 'Diese Seite wurde ohne den Schlüssel der Kasse geöffnet und kann daher keine Verkäufe zeigen oder annehmen.',
    how: 'Beim Start gibt Kassa im Terminalfenster einen Link aus, etwa so:',
    example: 'Kassa till: http://127.0.0.1:…/#token=…',
    open: 'Öffnen Sie diesen Link vollständig (der Teil nach # ist der Schlüssel). Jeder Start von Kassa erzeugt einen neuen.',
    restart: 'Fenster geschlossen? Starten Sie Kassa mit {command} neu und nutzen Sie den neuen Link.',
    stale: 'Diese Seite enthält den Schlüssel eines früheren Starts von Kassa.'
  }
}
