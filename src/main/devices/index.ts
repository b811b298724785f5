export { DeviceService, type DeviceIdentity, type PairingAddress } from './device-service'
export { PAIR_LIMIT } from './pair-limiter'
