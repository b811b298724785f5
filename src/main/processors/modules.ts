import { btcpayModule } from './btcpay/module'
import { btpayModule } from './btpay/module'
import { demoModule } from './demo/module'
import type { ProcessorModule } from './module'
import { plisioModule } from './plisio/module'

/**
 * Every processor this build knows, in the order Settings lists them. Adding a processor is its folder
 * (`processors/<id>/`, with `module.ts`) and one line here (and, for its own connect fields, one Settings form).
 */
export const MODULES: readonly ProcessorModule[] = [demoModule, btcpayModule, plisioModule, btpayModule]
