import type { RightRecord, UserRecord } from '../store/LedgerStore.js'

/**
 * The authenticated caller: a Ledger API user and its rights, as looked up from the user store
 * when the JWT's `sub` names it. Right semantics follow Canton: `CanActAs` implies read and
 * execute, `CanExecuteAs` implies read, `*AnyParty` rights apply to every party.
 */
export class Principal {
  readonly user: UserRecord
  readonly rights: RightRecord[]

  constructor(user: UserRecord, rights: RightRecord[]) {
    this.user = user
    this.rights = rights
  }

  get userId(): string {
    return this.user.id
  }

  #has(kind: RightRecord['kind'], party = ''): boolean {
    return this.rights.some((r) => r.kind === kind && r.party === party)
  }

  get isAdmin(): boolean {
    return this.#has('ParticipantAdmin')
  }

  get readsAnyParty(): boolean {
    return this.#has('CanReadAsAnyParty') || this.#has('CanExecuteAsAnyParty')
  }

  canActAs(party: string): boolean {
    return this.#has('CanActAs', party)
  }

  canExecuteAs(party: string): boolean {
    return this.canActAs(party) || this.#has('CanExecuteAs', party) || this.#has('CanExecuteAsAnyParty')
  }

  canReadAs(party: string): boolean {
    return this.canExecuteAs(party) || this.#has('CanReadAs', party) || this.readsAnyParty
  }
}
