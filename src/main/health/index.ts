export {
  HealthMonitor,
  DEFAULT_HEALTH_TIMING,
  type HealthMonitorDeps,
  type HealthTiming,
  type RecoveredListener
} from './health-monitor'
