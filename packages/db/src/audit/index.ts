export {
  AUDIT_CHAIN_LOCK_KEY,
  type AuditChainLink,
  appendAuditEntry,
  type NewAuditEntry,
  selectAuditHead,
} from './appendAuditEntry.js'
export { AUDIT_GENESIS_HASH, type AuditChainFields, encodeAuditEntry, hashAuditEntry } from './auditChain.js'
export {
  AUDIT_EXPORT_COLUMNS,
  type AuditExportFormat,
  type AuditFilter,
  auditExportHeader,
  csvField,
  formatAuditEntry,
  readAuditEntries,
  whereAuditFilter,
} from './auditExport.js'
export {
  type AuditChainProblem,
  type AuditChainProblemKind,
  type VerifyAuditChainParameters,
  type VerifyAuditChainReturnType,
  verifyAuditChain,
} from './verifyAuditChain.js'
