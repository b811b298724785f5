/**
 * The refund policy's triage kept on each refund (`RefundPolicyStamp` as JSON: decision, rule, its values and who
 * approved); NULL on refunds made before a policy existed.
 */
export const refundPolicyColumn = `
  ALTER TABLE refunds ADD COLUMN policy_json TEXT;
`
