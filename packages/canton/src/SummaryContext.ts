/** What every summary says about where the action sits. */
export interface SummaryContext {
  /** Template of the contract acted on or created, `packageId:Module.Name:Entity`. */
  templateId: string
  packageName: string
  /** Number of root actions (commands) in the transaction; more than 1 deserves a mention. */
  rootCount: number
  /** Set when the action was found below a root: the root action it happens within. */
  within?: { templateId: string; choice?: string }
}
