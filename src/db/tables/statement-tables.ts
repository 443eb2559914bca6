/** Tables of monthly statements and invoice numbering (issue 5). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the statements migration
export interface StatementTables {}
