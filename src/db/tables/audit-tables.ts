/** Tables of the audit trail (issue 5). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the audit migration
export interface AuditTables {}
