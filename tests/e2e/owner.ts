import type { Page } from 'playwright-core'
import { E2E_OWNER_PIN } from './harness'

/**
 * Get past the owner PIN on `page` after it was sent to an owner screen (Settings, Catalog, Day): sets the PIN
 * the first time (entered twice), else unlocks with it. Returns at once when this page already holds an owner
 * session (the header's Lock shows). Types into the PIN field, as a keyboard would.
 * @param pin 4–12 digits; the e2e tests share `E2E_OWNER_PIN`, which `tillCall` also unlocks with
 */
export async function ownerUnlock(page: Page, pin: string = E2E_OWNER_PIN): Promise<void> {
  if (await page.getByTestId('owner-lock').isVisible()) return
  const dialog = page.getByTestId('owner-pin-dialog')
  await dialog.waitFor()
  const mode = await dialog.getAttribute('data-mode')
  const input = page.getByTestId('owner-pin-input')
  await input.fill(pin)
  await input.press('Enter')
  if (mode === 'set') {
    await page.locator('[data-testid="owner-pin-step"][data-step="repeat"]').waitFor()
    await input.fill(pin)
    await input.press('Enter')
  }
  await dialog.waitFor({ state: 'detached' })
}
