export {
  HealthMonitor,
  DEFAULT_HEALTH_TIMING,
  type HealthMonitorDeps,
  type HealthTiming
} from './health-monitor'
