/**
 * Which till features an API key's permissions allow, following BTCPay's permission hierarchy
 * (`AddPolicyDefinitions`: a parent policy implies its children) and store scoping (`policy:storeId`).
 */

const S = 'btcpay.store.'

/** Parent → the policies it directly implies. */
const CHILDREN: Record<string, string[]> = {
  [`${S}canmodifystoresettings`]: [
    `${S}canmanagepullpayments`,
    `${S}canmodifyinvoices`,
    `${S}canviewstoresettings`,
    `${S}webhooks.canmodifywebhooks`,
    `${S}canmodifypaymentrequests`,
    `${S}canmanagepayouts`,
    `${S}canuselightningnode`,
    `${S}cansendstoreemails`
  ],
  [`${S}canmodifyinvoices`]: [`${S}canviewinvoices`, `${S}cancreateinvoice`, `${S}cancreatelightninginvoice`],
  [`${S}canviewstoresettings`]: [
    `${S}canviewinvoices`,
    `${S}canviewpaymentrequests`,
    `${S}canviewreports`,
    `${S}canviewpullpayments`,
    `${S}canviewpayouts`
  ],
  [`${S}canmanagepullpayments`]: [`${S}cancreatepullpayments`, `${S}canarchivepullpayments`],
  [`${S}cancreatepullpayments`]: [`${S}cancreatenonapprovedpullpayments`],
  [`${S}cancreatenonapprovedpullpayments`]: [`${S}canviewpullpayments`],
  [`${S}canmanagepayouts`]: [`${S}canviewpayouts`],
  'btcpay.user.canmodifyprofile': ['btcpay.user.canviewprofile'],
  'btcpay.server.canmodifyserversettings': [
    'btcpay.server.canuseinternallightningnode',
    'btcpay.server.canmanageusers'
  ],
  'btcpay.server.canmanageusers': ['btcpay.server.cancreateuser']
}

/** A till feature and the permission it needs; `unscoped` features need the permission for all stores. */
export interface FeatureRequirement {
  feature: string
  permission: string
  unscoped?: boolean
}

/** The till's features and the least permission each needs (BTCPay's code policies, not the spec's). */
export const FEATURES: readonly FeatureRequirement[] = [
  { feature: 'create-invoices', permission: `${S}cancreateinvoice` },
  { feature: 'read-invoices', permission: `${S}canviewinvoices` },
  { feature: 'cancel-invoices', permission: `${S}canmodifyinvoices` },
  { feature: 'refunds', permission: `${S}cancreatenonapprovedpullpayments` },
  { feature: 'cancel-payouts', permission: `${S}canmanagepayouts` },
  { feature: 'payment-requests', permission: `${S}canmodifypaymentrequests` },
  { feature: 'webhooks', permission: `${S}webhooks.canmodifywebhooks` },
  { feature: 'rates', permission: `${S}canviewstoresettings` },
  { feature: 'pos-apps', permission: `${S}canmodifystoresettings` },
  { feature: 'create-store', permission: `${S}canmodifystoresettings`, unscoped: true },
  { feature: 'profile', permission: 'btcpay.user.canviewprofile' }
]

/** True when `granted` implies `required` (equal, or a descendant in the hierarchy). */
export function implies(granted: string, required: string, seen = new Set<string>()): boolean {
  if (granted === required) return true
  if (seen.has(granted)) return false
  seen.add(granted)
  return (CHILDREN[granted] ?? []).some((child) => implies(child, required, seen))
}

/**
 * True when a key with `permissions` (as `GET /api-keys/current` lists them) may use `required` on `storeId`.
 * `unrestricted` allows everything; `policy:otherStore` does not count for this store; with `unscoped` only an
 * unscoped grant counts.
 */
export function hasPermission(
  permissions: readonly string[],
  required: string,
  storeId: string,
  unscoped = false
): boolean {
  return permissions.some((entry) => {
    if (entry === 'unrestricted') return true
    const colon = entry.indexOf(':')
    const policy = colon === -1 ? entry : entry.slice(0, colon)
    const scope = colon === -1 ? '' : entry.slice(colon + 1)
    if (scope !== '' && (unscoped || scope !== storeId)) return false
    return implies(policy, required)
  })
}

/** The features the key cannot use on `storeId`, each with the permission it lacks. */
export function missingFeatures(
  permissions: readonly string[],
  storeId: string,
  features: readonly FeatureRequirement[] = FEATURES
): { feature: string; permission: string }[] {
  return features
    .filter((f) => !hasPermission(permissions, f.permission, storeId, f.unscoped))
    .map((f) => ({ feature: f.feature, permission: f.permission }))
}
