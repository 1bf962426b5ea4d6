import type { DamlJson } from '../daml/DamlJson.js'
/**
 * What a choice body can do, mirroring Daml's `Update`: create, exercise, fetch, archive, read
 * the ledger time and fail. All calls are synchronous; authorization is checked as Daml does
 * (signatories of a create and controllers of an exercise must be among the current authorizers).
 */
export interface UpdateContext {
  /** Creates a contract of a template (`#package-name:Module:Entity` or `packageId:Module:Entity`). */
  create(templateRef: string, arg: unknown): string
  /** Exercises a choice; pass `interfaceId` to exercise an interface choice. Returns the result. */
  exercise(contractId: string, choice: string, arg: unknown, options?: { interfaceId?: string }): unknown
  /** Fetches a contract's argument, or its interface view when `interfaceId` is given. */
  fetch<A = DamlJson>(contractId: string, options?: { interfaceId?: string; templateId?: string }): A
  /** Exercises the built-in consuming `Archive` choice. */
  archive(contractId: string): void
  /** The ledger time (ISO-8601). Reading it makes the transaction time-dependent. */
  now(): string
  /** Fails the transaction like an unhandled Daml `AssertionFailed`. */
  fail(message: string): never
  /** `assertMsg`: fails with `message` unless `condition` holds. */
  require(condition: boolean, message: string): void
}
