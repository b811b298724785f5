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
    unknown: 'Wird geprüft …',
    online: 'Online',
    degraded: 'Langsam oder eingeschränkt',
    offline: 'Offline',
    lastAnswer: 'letzte Antwort {time}',
    never: 'noch keine Antwort',
    label: '{processor}: {state}',
    others: 'Zahlungsanbieter',
    detail: 'Meldung des Anbieters: {detail}'
  },
  mainLink: {
    down: 'Das Hauptprogramm der Kasse ist nicht erreichbar – Verbindung wird wiederhergestellt …'
  },
  signIn: {
    title: 'Kasse über ihren Link öffnen',
    why: 'Diese Seite wurde ohne den Schlüssel der Kasse geöffnet und kann daher keine Verkäufe zeigen oder annehmen.',
    how: 'Beim Start gibt Kassa im Terminalfenster einen Link aus, etwa so:',
    example: 'Kassa till: http://127.0.0.1:…/#token=…',
    open: 'Öffnen Sie diesen Link vollständig (der Teil nach # ist der Schlüssel). Er bleibt gleich, wenn Kassa mit demselben Datenordner neu startet.',
    restart: 'Fenster geschlossen? Starten Sie Kassa mit {command} erneut: Es gibt den Link wieder aus.',
    stale:
      'Diese Seite enthält den Schlüssel eines früheren Starts von Kassa, den diese Kasse nicht mehr annimmt (mit --new-token erneuert oder ein anderer Datenordner).'
  }
}
