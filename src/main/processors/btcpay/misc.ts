/**
 * Smaller resources: rates, users, stores, API keys, server info.
 */
import { z } from 'zod'
import { ProcessorError } from '../errors'
import { AnyBody } from '../http'
import type { CallOptions, Rate } from '../types'
import { path, type BtcpayClient } from './client'
import {
  ApiKeySchema,
  RateSchema,
  ServerInfoSchema,
  StoreSchema,
  UserSchema,
  type ApiKeyData,
  type ServerInfoData,
  type StoreData,
  type UserData
} from './schemas'

export class Rates {
  constructor(private readonly client: BtcpayClient) {}

  /**
   * `GET /api/v1/stores/{storeId}/rates?currencyPair=BTC_USD…`: the store's bid rates (fiat per BTC, decimal
   * strings). Pairs the store could not rate are left out.
   * @throws ProcessorError `processor-unavailable` when none of the pairs has a rate; 422 for an invalid pair.
   */
  async get(currencies: string[], options?: CallOptions): Promise<Rate[]> {
    const pairs = currencies.map((currency) => `BTC_${currency.toUpperCase()}`)
    const results = await this.client.send(
      z.array(RateSchema),
      { method: 'GET', path: this.client.storePath('rates'), query: { currencyPair: pairs } },
      options
    )
    const rates: Rate[] = []
    for (const result of results) {
      const [base, quote] = result.currencyPair.split('_')
      if (!base || !quote || !result.rate) continue
      rates.push({ base, quote, rate: result.rate, source: 'BTCPay store rate' })
    }
    if (rates.length === 0 && pairs.length > 0) {
      const errors = results.flatMap((r) => r.errors ?? []).join('; ')
      throw new ProcessorError(
        'processor-unavailable',
        `BTCPay Server has no rate for ${pairs.join(', ')}${errors ? `: ${errors}` : ''}`
      )
    }
    return rates
  }
}

/** Body of `POST /api/v1/users`. */
export interface UserCreate {
  email: string
  name?: string
  password?: string
  isAdministrator?: boolean
  sendInvitationEmail?: boolean
}

/** Body of `PUT /api/v1/users/me`. */
export interface ProfileUpdate {
  email?: string
  name?: string
  imageUrl?: string
  currentPassword?: string
  newPassword?: string
}

export class Users {
  constructor(private readonly client: BtcpayClient) {}

  /** `GET /api/v1/users/me` (canviewprofile). */
  me(options?: CallOptions): Promise<UserData> {
    return this.client.send(UserSchema, { method: 'GET', path: path('api/v1', 'users', 'me') }, options)
  }

  /** `PUT /api/v1/users/me` (canmodifyprofile). @throws ProcessorError 422 naming the field. */
  updateMe(update: ProfileUpdate, options?: CallOptions): Promise<UserData> {
    return this.client.send(
      UserSchema,
      { method: 'PUT', path: path('api/v1', 'users', 'me'), body: update },
      options
    )
  }

  /** `POST /api/v1/users` → 201. @throws ProcessorError 422 (duplicate email, password rules), 429. */
  create(user: UserCreate, options?: CallOptions): Promise<UserData> {
    return this.client.send(
      UserSchema,
      { method: 'POST', path: path('api/v1', 'users'), body: user },
      { ...options, maxRetries: 0 }
    )
  }
}

/** Body of `POST /api/v1/stores`. `invoiceExpiration` in seconds. */
export interface StoreCreate {
  name: string
  defaultCurrency?: string
  website?: string
  invoiceExpiration?: number
}

export class Stores {
  constructor(private readonly client: BtcpayClient) {}

  /** `GET /api/v1/stores/{storeId}` (canviewstoresettings): default currency, invoice expiration (seconds)… */
  retrieve(options?: CallOptions): Promise<StoreData> {
    return this.client.send(StoreSchema, { method: 'GET', path: this.client.storePath() }, options)
  }

  /** `GET /api/v1/stores`: every store the key's user can see (to pick one when connecting). */
  list(options?: CallOptions): Promise<StoreData[]> {
    return this.client.send(z.array(StoreSchema), { method: 'GET', path: path('api/v1', 'stores') }, options)
  }

  /** `POST /api/v1/stores` (unscoped canmodifystoresettings). @throws ProcessorError 422 `name`, 403. */
  create(store: StoreCreate, options?: CallOptions): Promise<StoreData> {
    return this.client.send(
      StoreSchema,
      { method: 'POST', path: path('api/v1', 'stores'), body: store },
      { ...options, maxRetries: 0 }
    )
  }
}

export class ApiKeys {
  constructor(private readonly client: BtcpayClient) {}

  /** `GET /api/v1/api-keys/current`: the key's label and permissions (`policy` or `policy:storeId`). */
  current(options?: CallOptions): Promise<ApiKeyData> {
    return this.client.send(
      ApiKeySchema,
      { method: 'GET', path: path('api/v1', 'api-keys', 'current') },
      options
    )
  }

  /** `DELETE /api/v1/api-keys/current`: revoke the key this connector uses (it stops working at once). */
  async revokeCurrent(options?: CallOptions): Promise<void> {
    await this.client.send(
      AnyBody,
      { method: 'DELETE', path: path('api/v1', 'api-keys', 'current') },
      options
    )
  }
}

export class Server {
  constructor(private readonly client: BtcpayClient) {}

  /** `GET /api/v1/server/info`: version, supported payment methods, sync state (any valid key). */
  info(options?: CallOptions): Promise<ServerInfoData> {
    return this.client.send(
      ServerInfoSchema,
      { method: 'GET', path: path('api/v1', 'server', 'info') },
      options
    )
  }
}
