/**
 * The Electron shell: the only place that imports electron. It reads as a list of setup steps over the same core
 * the web host uses.
 */
import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createCore, type Core } from '../core'
import { connectorOverrides, demoConfirmDelay, healthTiming, resolveDataDir } from '../config'
import { createLogger, type FileLogger } from '../log/logger'
import { KeyringSecretStore } from '../secrets/keyring-store'
import { registerAppScheme, serveRenderer } from './protocol'
import { setupEventForwarding, setupIpc } from './ipc'
import { createMainWindow, setupPermissions } from './window'
import { KioskShell } from './kiosk'
import { runStdioBridge } from '../mcp/stdio-bridge'

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
let core: Core | null = null
let logging: FileLogger | null = null
// `kassa mcp`: an MCP client started this copy as its stdio server. It relays to the till already running and
// opens no window, no core and no ledger (so it neither takes nor needs the single-instance lock).
const mcpBridge = process.argv.includes('mcp')

app.enableSandbox()
registerAppScheme()
if (mcpBridge) runMcpBridge()
else if (!app.requestSingleInstanceLock()) app.quit()

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
app.on('window-all-closed', () => app.quit())
app.on('before-quit', () => void core?.stop().finally(() => logging?.close()))

void app.whenReady().then(async () => {
  if (mcpBridge) return
  const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'))
  // Warnings reach a terminal only when the app was started from one (`npm run dev`).
  logging = await createLogger(dataDir, { stderrLevel: process.stderr.isTTY ? 'warn' : null })
  core = createCore({
    dataDir,
    secrets: new KeyringSecretStore('Kassa'),
    version: app.getVersion(),
    transport: 'ipc',
    demo: { confirmDelayMs: demoConfirmDelay(process.env) },
    connectors: connectorOverrides(process.env),
    health: healthTiming(process.env),
    log: logging.log
  })
  setupPermissions()
  serveRenderer(join(__dirname, '../renderer'))
  setupIpc(core, devServerUrl)
  setupEventForwarding(core)
  await core.start()
  const window = createMainWindow(devServerUrl)
  // Kiosk mode follows the saved settings now and after every change the owner makes.
  const kiosk = new KioskShell(window, devServerUrl)
  kiosk.apply(core.kiosk.settings())
  const unsubscribe = core.kiosk.onChanged((view) => kiosk.apply(view))
  window.on('closed', unsubscribe)
})

/** Relay MCP between stdin/stdout and the running till (`../mcp/stdio-bridge`); the app exits with its code. */
function runMcpBridge(): void {
  app.dock?.hide()
  void runStdioBridge(process.env, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: (line) => void process.stderr.write(`${line}\n`)
  }).then((code) => app.exit(code))
}
