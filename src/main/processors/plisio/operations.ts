import type { CallOptions } from '../types'
import type { PlisioClient } from './client'
import {
  CommissionSchema,
  FeePlanSchema,
  FeePlansSchema,
  FeeSchema,
  OperationListSchema,
  OperationSchema
} from './schemas'
import type { OperationData } from './schemas'

/** Filters of `GET /operations`. Pages start at 1. */
export interface OperationListFilters {
  page?: number
  limit?: number
  shopId?: string
  type?: 'cash_in' | 'cash_out' | 'mass_cash_out' | 'invoice'
  status?: string
  /** `psys_cid`/currency of the operations. */
  currency?: string
  /** txid, order number or customer email. */
  search?: string
}

/** One page of operations with Plisio's `_meta`. `nextPage` is null on the last page. */
export interface OperationPage {
  items: OperationData[]
  page: number
  pageCount: number
  totalCount: number | null
  perPage: number | null
  nextPage: number | null
}

/** Destinations and amounts of a planned payout; amounts are decimal strings in the coin. */
export interface PayoutPlan {
  /** One address, or several for a mass payout. */
  addresses: string | readonly string[]
  amounts: string | readonly string[]
  /** `normal`, `priority`, `economy` or `custom`. */
  feePlan?: string
}

/** Network fee of a payout (`GET /operations/fee/{psys_cid}`); `fee` in the coin. */
export interface PlisioFee {
  fee: string
  psysCid: string
  plan: string | null
}

/** Plisio's commission on a payout (`GET /operations/commission/{psys_cid}`); amounts in the coin. */
export interface PlisioCommission {
  commission: string
  fee: string | null
  plan: string | null
  /** The most that can be sent after commission and fee, when reported. */
  maxAmount: string | null
}

/** One fee plan of a coin; `value` is the plan's fee rate (sat/vB, gwei, …) as Plisio gives it. */
export interface PlisioFeePlan {
  name: string
  value: string | null
  /** Chain-specific fields (`conf_target`, `gasLimit`, `gasPrice`, …). */
  details: Record<string, unknown>
}

/** Comma list for Plisio's list parameters. */
export function commaList(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join(',')
}

/** Operations: invoice/transaction look-up and listing, payout fee and commission estimates, fee plans. */
export class Operations {
  constructor(private readonly client: PlisioClient) {}

  /**
   * `GET /operations/{id}` → one operation (an invoice is an operation whose id is its `txn_id`).
   * @throws ProcessorError `processor-not-found` for an unknown id.
   */
  retrieve(id: string, options?: CallOptions): Promise<OperationData> {
    return this.client.send(
      OperationSchema,
      { method: 'GET', path: `operations/${encodeURIComponent(id)}` },
      options
    )
  }

  /** `GET /operations` with filters and paging (`page`, `limit`); Plisio lists newest first. */
  async list(filters: OperationListFilters = {}, options?: CallOptions): Promise<OperationPage> {
    const data = await this.client.send(
      OperationListSchema,
      {
        method: 'GET',
        path: 'operations',
        query: {
          page: filters.page,
          limit: filters.limit,
          shop_id: filters.shopId,
          type: filters.type,
          status: filters.status,
          currency: filters.currency,
          search: filters.search
        }
      },
      options
    )
    const meta = data._meta ?? {}
    const page = meta.currentPage ?? filters.page ?? 1
    const pageCount = meta.pageCount ?? page
    return {
      items: data.operations,
      page,
      pageCount,
      totalCount: meta.totalCount ?? null,
      perPage: meta.perPage ?? null,
      nextPage: page < pageCount ? page + 1 : null
    }
  }

  /** `GET /operations/fee/{psys_cid}` → the network fee of a payout. */
  async fee(psysCid: string, plan: PayoutPlan, options?: CallOptions): Promise<PlisioFee> {
    const data = await this.client.send(
      FeeSchema,
      {
        method: 'GET',
        path: `operations/fee/${encodeURIComponent(psysCid)}`,
        query: {
          addresses: commaList(plan.addresses),
          amounts: commaList(plan.amounts),
          feePlan: plan.feePlan
        }
      },
      options
    )
    return { fee: data.fee, psysCid: data.psys_cid ?? psysCid, plan: data.plan ?? plan.feePlan ?? null }
  }

  /**
   * `GET /operations/commission/{psys_cid}` → Plisio's commission (and fee) on a payout. Without addresses and
   * amounts Plisio answers for the coin alone (its `maxAmount`: the most the balance can send).
   */
  async commission(
    psysCid: string,
    plan: Partial<PayoutPlan> & { type?: 'cash_out' | 'mass_cash_out'; customFeeRate?: string },
    options?: CallOptions
  ): Promise<PlisioCommission> {
    const data = await this.client.send(
      CommissionSchema,
      {
        method: 'GET',
        path: `operations/commission/${encodeURIComponent(psysCid)}`,
        query: {
          addresses: plan.addresses === undefined ? undefined : commaList(plan.addresses),
          amounts: plan.amounts === undefined ? undefined : commaList(plan.amounts),
          type: plan.type ?? (Array.isArray(plan.addresses) ? 'mass_cash_out' : 'cash_out'),
          feePlan: plan.feePlan,
          customFeeRate: plan.customFeeRate
        }
      },
      options
    )
    return {
      commission: data.commission,
      fee: data.fee ?? null,
      plan: data.plan ?? plan.feePlan ?? null,
      maxAmount: data.maxAmount ?? null
    }
  }

  /** `GET /operations/fee-plan/{psys_cid}` → the coin's fee plans (`normal`, `priority`, …). */
  async feePlans(psysCid: string, options?: CallOptions): Promise<PlisioFeePlan[]> {
    const data = await this.client.send(
      FeePlansSchema,
      { method: 'GET', path: `operations/fee-plan/${encodeURIComponent(psysCid)}` },
      options
    )
    const plans: PlisioFeePlan[] = []
    for (const [name, value] of Object.entries(data)) {
      const parsed = FeePlanSchema.safeParse(value)
      if (!parsed.success) continue
      const { value: rate, ...details } = parsed.data
      plans.push({ name, value: rate ?? null, details })
    }
    return plans
  }
}
