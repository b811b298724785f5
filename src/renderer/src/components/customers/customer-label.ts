import type { CustomerFields } from '@shared/customers'

/** What a customer is called on screen: the name, else the e-mail, else the phone. */
export function customerLabel(customer: CustomerFields): string {
  return customer.name || customer.email || customer.phone || ''
}
