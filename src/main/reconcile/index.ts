export {
  ReconcileService,
  DEFAULT_RECONCILE_OPTIONS,
  type ReconcileOptions,
  type ReconcileDeps
} from './reconcile-service'
export { ReconcileBook } from './reconcile-book'
export { reconcileBooks } from './reconcile-migration'
