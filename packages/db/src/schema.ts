import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely'

/**
 * Timestamps are ISO-8601 strings in UTC on every engine, so SQLite, PostgreSQL and D1
 * compare and sort them the same way. Binary values are base64url text for the same reason.
 */
type Timestamp = string

export interface UsersTable {
  id: string
  display_name: string
  role: 'user' | 'admin'
  /** WebAuthn user handle (base64url), random, never the internal id. */
  webauthn_user_id: string
  created_at: Timestamp
}

export interface CredentialsTable {
  /** Credential id, base64url. */
  id: string
  user_id: string
  /** COSE public key, base64url. */
  public_key: string
  counter: ColumnType<number, number, number>
  /** JSON array of AuthenticatorTransport strings. */
  transports: string
  device_type: 'singleDevice' | 'multiDevice'
  backed_up: ColumnType<number, number, number>
  /**
   * For backup passkeys only: the account entropy wrapped under this passkey's wrap key,
   * JSON `{iv, ciphertext}` (base64url). The server cannot open it.
   */
  wrapped_entropy: string | null
  created_at: Timestamp
  last_used_at: Timestamp | null
  /** The authenticator's AAGUID (UUID text) from registration; null for passkeys registered before it was kept. */
  aaguid: string | null
  /** A name the user gave the passkey. */
  name: string | null
}

export interface ChallengesTable {
  id: string
  /** Base64url challenge sent to the authenticator. */
  challenge: string
  purpose: 'registration' | 'authentication' | 'step-up'
  /**
   * JSON. For registration: the pending user's id, handle, display name and enrollment token (or
   * the user adding a passkey); for a step-up: the user, the action and its target.
   */
  context: string | null
  expires_at: Timestamp
  created_at: Timestamp
}

export interface SessionsTable {
  id: string
  user_id: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  user_agent: string | null
}

export interface AddressesTable {
  user_id: string
  chain: string
  account_index: ColumnType<number, number, number>
  address: string
  created_at: Timestamp
}

export interface InstanceSettingsTable {
  key: string
  /** JSON-encoded value. */
  value: string
  updated_at: Timestamp
}

export interface CantonPartiesTable {
  user_id: string
  /** The user's external party, `hint::1220<fingerprint>`. */
  party_id: string
  /** Fingerprint of the user's Canton key (`1220` + 64 hex): the party's namespace and signer. */
  fingerprint: string
  created_at: Timestamp
}

export interface AuditLogTable {
  id: string
  at: Timestamp
  /** The admin who acted (no foreign key: entries outlive accounts). */
  actor_user_id: string
  /** Dotted verb, e.g. `canton.connection.update`, `canton.dar.upload`. */
  action: string
  /** What was acted on (a URL, a DAR's sha256), when there is one thing. */
  target: string | null
  /** JSON object; never secret values (a changed token is recorded as changed, not what it is). */
  details: string
  request_id: string | null
  ip: string | null
}

export interface DefiVaultsTable {
  /** The Canton party whose intents the vault runs (its `authorizedPartyKey` is keccak256 of it). */
  party_id: string
  chain_id: ColumnType<number, number, number>
  /** CantonDeFiVault address (EIP-55). */
  address: string
  /** `vaultId()` of the vault, 0x + 64 hex. */
  vault_id: string
  /** JSON `{ aaveV3, uniswapV3, compoundV2 }`: the adapter addresses whitelisted on the vault. */
  adapters: string
  /** The cToken the Compound-shaped adapter supplies to, when the vault has one. */
  c_token: string | null
  /** Uniswap v3 fee tier for swaps (hundredths of a bip). */
  swap_fee: ColumnType<number, number, number>
  /** JSON `[{ symbol, address, decimals }]`: the tokens the wallet shows and names by symbol. */
  assets: string
  created_at: Timestamp
}

export interface Database {
  users: UsersTable
  credentials: CredentialsTable
  challenges: ChallengesTable
  sessions: SessionsTable
  addresses: AddressesTable
  instance_settings: InstanceSettingsTable
  canton_parties: CantonPartiesTable
  audit_log: AuditLogTable
  defi_vaults: DefiVaultsTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type CredentialRow = Selectable<CredentialsTable>
export type NewCredential = Insertable<CredentialsTable>
export type CredentialUpdate = Updateable<CredentialsTable>
export type ChallengeRow = Selectable<ChallengesTable>
export type SessionRow = Selectable<SessionsTable>
export type AddressRow = Selectable<AddressesTable>
export type CantonPartyRow = Selectable<CantonPartiesTable>
export type AuditLogRow = Selectable<AuditLogTable>
export type NewAuditLogRow = Insertable<AuditLogTable>
export type DefiVaultRow = Selectable<DefiVaultsTable>
export type NewDefiVaultRow = Insertable<DefiVaultsTable>
