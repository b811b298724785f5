import { describe, expect, it } from 'vitest'
import { FEATURES, hasPermission, missingFeatures } from '../../../src/main/processors/btcpay'

const store = 'StoreA'
const features = (permissions: string[]): string[] =>
  missingFeatures(permissions, store).map((m) => m.feature)

describe('BTCPay permissions → till features', () => {
  it('unrestricted disables nothing', () => {
    expect(missingFeatures(['unrestricted'], store)).toEqual([])
  })

  it('no permission disables every feature, each naming its permission', () => {
    const missing = missingFeatures([], store)
    expect(missing).toHaveLength(FEATURES.length)
    expect(missing).toContainEqual({
      feature: 'create-invoices',
      permission: 'btcpay.store.cancreateinvoice'
    })
    expect(missing).toContainEqual({ feature: 'read-invoices', permission: 'btcpay.store.canviewinvoices' })
    expect(missing).toContainEqual({
      feature: 'refunds',
      permission: 'btcpay.store.cancreatenonapprovedpullpayments'
    })
    expect(missing).toContainEqual({
      feature: 'cancel-invoices',
      permission: 'btcpay.store.canmodifyinvoices'
    })
    expect(missing).toContainEqual({
      feature: 'webhooks',
      permission: 'btcpay.store.webhooks.canmodifywebhooks'
    })
  })

  it('canmodifystoresettings implies canmodifyinvoices implies cancreateinvoice and canviewinvoices', () => {
    expect(
      hasPermission(['btcpay.store.canmodifystoresettings'], 'btcpay.store.cancreateinvoice', store)
    ).toBe(true)
    expect(hasPermission(['btcpay.store.canmodifyinvoices'], 'btcpay.store.cancreateinvoice', store)).toBe(
      true
    )
    expect(hasPermission(['btcpay.store.canmodifyinvoices'], 'btcpay.store.canviewinvoices', store)).toBe(
      true
    )
    expect(hasPermission(['btcpay.store.cancreateinvoice'], 'btcpay.store.canmodifyinvoices', store)).toBe(
      false
    )
    expect(features([`btcpay.store.canmodifystoresettings:${store}`, 'btcpay.user.canviewprofile'])).toEqual([
      'create-store'
    ])
  })

  it('pull payment permissions chain down to cancreatenonapprovedpullpayments', () => {
    expect(
      hasPermission(
        ['btcpay.store.canmanagepullpayments'],
        'btcpay.store.cancreatenonapprovedpullpayments',
        store
      )
    ).toBe(true)
    expect(
      hasPermission(
        ['btcpay.store.cancreatepullpayments'],
        'btcpay.store.cancreatenonapprovedpullpayments',
        store
      )
    ).toBe(true)
    expect(
      hasPermission(
        ['btcpay.store.canviewpullpayments'],
        'btcpay.store.cancreatenonapprovedpullpayments',
        store
      )
    ).toBe(false)
  })

  it('canviewstoresettings gives read-invoices and rates but not create-invoices', () => {
    const missing = features(['btcpay.store.canviewstoresettings'])
    expect(missing).not.toContain('read-invoices')
    expect(missing).not.toContain('rates')
    expect(missing).toContain('create-invoices')
  })

  it('a cashier key scoped to this store can take payments but not refund', () => {
    const missing = features([
      `btcpay.store.cancreateinvoice:${store}`,
      `btcpay.store.canviewinvoices:${store}`
    ])
    expect(missing).not.toContain('create-invoices')
    expect(missing).not.toContain('read-invoices')
    expect(missing).toContain('refunds')
    expect(missing).toContain('cancel-invoices')
  })

  it('a permission scoped to another store does not count for this one', () => {
    expect(
      hasPermission(['btcpay.store.canmodifystoresettings:StoreB'], 'btcpay.store.cancreateinvoice', store)
    ).toBe(false)
    expect(features(['btcpay.store.canmodifystoresettings:StoreB'])).toContain('create-invoices')
  })

  it('creating a store needs the unscoped canmodifystoresettings', () => {
    expect(features([`btcpay.store.canmodifystoresettings:${store}`])).toContain('create-store')
    expect(features(['btcpay.store.canmodifystoresettings'])).not.toContain('create-store')
  })

  it('canmodifyprofile implies canviewprofile', () => {
    expect(features(['btcpay.user.canmodifyprofile'])).not.toContain('profile')
  })
})
