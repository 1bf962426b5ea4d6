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
  /** Set while an admin has disabled the account: its sessions are refused and it cannot sign in. */
  disabled_at: Timestamp | null
  /** The last successful sign-in (registration counts as one). */
  last_sign_in_at: Timestamp | null
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
  /**
   * The authenticator model (description of the trusted FIDO metadata statement) that the
   * passkey's attestation verified against at registration; null when it did not (none or self
   * attestation, an unlisted model) or for passkeys registered before it was kept.
   */
  attested_model: ColumnType<string | null, string | null | undefined, string | null>
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
  /** The client address that asked for it (null when unknown): unexpired ones are bounded per client. */
  client: string | null
}

export interface SessionsTable {
  id: string
  user_id: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  user_agent: string | null
  /** The passkey whose sign-in (or registration) made the session; removing it revokes the session. */
  credential_id: string | null
  /** The client address at sign-in (behind trusted proxies, the one they report). */
  ip: string | null
  /** When the session was last used, to the minute (updated at most once a minute). */
  last_seen_at: Timestamp | null
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
  /** Position in the hash chain: 1, 2, 3… with no gap (see `audit/auditChain.ts`). */
  seq: ColumnType<number, number, never>
  id: string
  at: Timestamp
  /** Who acted (no foreign key: entries outlive accounts); null for an anonymous event (a failed sign-in). */
  actor_user_id: string | null
  /** Dotted verb, e.g. `canton.connection.update`, `auth.sign_in.failure`. */
  action: string
  /** What was acted on (a URL, a DAR's sha256, a credential id), when there is one thing. */
  target: string | null
  /** JSON object; never secret values (a changed token is recorded as changed, not what it is). */
  details: string
  request_id: string | null
  ip: string | null
  /** The User-Agent header of the request, when there was one. */
  user_agent: string | null
  /** `hash` of the entry at seq - 1 (64 zeros for seq 1). */
  prev_hash: string
  /** SHA-256 (hex) of the entry's canonical encoding, `prev_hash` included. */
  hash: string
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

/** One window's request count of a rate limit (apps/api/src/http/rateLimit.ts). */
export interface RateLimitCountersTable {
  /** The limit and what it counts by, e.g. `auth:ip`, `evmRpc:account`. */
  bucket: string
  /** The client address or the user id counted. */
  subject: string
  /** Start of the fixed window the count belongs to. */
  window_start: Timestamp
  count: ColumnType<number, number, number>
}

export interface AdminInvitesTable {
  /** SHA-256 of the invite token, base64url; the token itself is only in the link handed out. */
  token_hash: string
  /** The role the account created with the invite gets. */
  role: 'user' | 'admin'
  /** The admin who created it (no foreign key: invites outlive accounts). */
  created_by: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
  /** The account created with it. */
  used_by: string | null
  revoked_at: Timestamp | null
}

/** Someone who reaches the admin console through the instance's OIDC identity provider. */
export interface OperatorsTable {
  id: string
  /** The identity provider's issuer and the operator's `sub` there: who the operator is. */
  issuer: string
  subject: string
  /** From the ID token (`name`, else `preferred_username`, else `email`, else the subject). */
  display_name: string
  created_at: Timestamp
  last_sign_in_at: Timestamp
}

/** A signed-in operator: admin console only, never a wallet (no user, no keys, no parties). */
export interface OperatorSessionsTable {
  id: string
  operator_id: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  user_agent: string | null
}

/** An operator sign-in between the redirect to the identity provider and its callback. */
export interface OperatorLoginsTable {
  /** Also the value of the browser's short-lived `sv_oidc` cookie that binds the sign-in to it. */
  id: string
  state: string
  nonce: string
  /** PKCE (RFC 7636) code_verifier; only its S256 challenge left the server. */
  code_verifier: string
  created_at: Timestamp
  expires_at: Timestamp
}

/** A user's guardian public key (X25519, base64url), derived from their wallet entropy. */
export interface GuardianKeysTable {
  user_id: string
  public_key: string
  updated_at: Timestamp
}

/** A user's social recovery: any `threshold` of their guardians' shares rebuild the entropy. */
export interface RecoverySetupsTable {
  user_id: string
  threshold: ColumnType<number, number, number>
  updated_at: Timestamp
}

/** One guardian's share of a setup, sealed to that guardian's key: JSON `SealedBox`. */
export interface RecoverySharesTable {
  user_id: string
  guardian_user_id: string
  share_index: ColumnType<number, number, number>
  sealed_share: string
  created_at: Timestamp
}

/** A recovery started from a new device. */
export interface RecoveryRequestsTable {
  id: string
  user_id: string
  /** SHA-256 (base64url) of the token only the requesting device holds. */
  token_hash: string
  /** The device's one-time X25519 public key, base64url: guardians re-seal their shares to it. */
  ephemeral_public_key: string
  /** The setup's threshold when the request started. */
  threshold: ColumnType<number, number, number>
  status: 'pending' | 'completed' | 'cancelled'
  created_at: Timestamp
  expires_at: Timestamp
  closed_at: Timestamp | null
}

/** A guardian's share re-sealed to a request's device key: JSON `SealedBox`. */
export interface RecoveryApprovalsTable {
  request_id: string
  guardian_user_id: string
  share_index: ColumnType<number, number, number>
  sealed_share: string
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
  rate_limit_counters: RateLimitCountersTable
  admin_invites: AdminInvitesTable
  operators: OperatorsTable
  operator_sessions: OperatorSessionsTable
  operator_logins: OperatorLoginsTable
  guardian_keys: GuardianKeysTable
  recovery_setups: RecoverySetupsTable
  recovery_shares: RecoverySharesTable
  recovery_requests: RecoveryRequestsTable
  recovery_approvals: RecoveryApprovalsTable
  networks: NetworksTable
  tokens: TokensTable
  dock_apps: DockAppsTable
  dock_grants: DockGrantsTable
}

/** A network of the instance (issue 13); booleans are 0/1. */
export interface NetworksTable {
  id: string
  family: 'evm' | 'solana' | 'bitcoin' | 'tron' | 'ton'
  name: string
  testnet: number
  /** EVM chain id, decimal text. */
  chain_id: string | null
  bitcoin_network: 'mainnet' | 'testnet' | 'regtest' | null
  ton_network: 'mainnet' | 'testnet' | null
  /** Solana genesis hash, TRON genesis block id. */
  genesis_hash: string | null
  native_symbol: string
  native_decimals: ColumnType<number, number, number>
  native_price_id: string | null
  explorer_tx_url: string | null
  explorer_address_url: string | null
  /** The header the API key is sent as; the key itself is in `secrets`. */
  api_key_header: string | null
  has_indexer: number
  /** Sealed under the instance key (`secretsAtRest.ts`): JSON `{ endpoint, apiKey, indexerUrl }`. */
  secrets: string
  enabled: number
  position: ColumnType<number, number, number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** A token of a network (ERC-20, SPL mint, TRC-20, jetton master). */
export interface TokensTable {
  id: string
  network_id: string
  address: string
  symbol: string
  decimals: ColumnType<number, number, number>
  /** A data: URL of the icon. */
  icon: string | null
  price_id: string | null
  enabled: number
  position: ColumnType<number, number, number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** A dock app (issue 14): a third-party web app shown in the wallet's dock; booleans are 0/1. */
export interface DockAppsTable {
  id: string
  name: string
  /** A data: URL of the icon. */
  icon: string | null
  url: string
  /** The origin of `url`: the app's identity, unique. */
  origin: string
  /** JSON array of network ids (`GET /api/networks`) and `canton`. */
  networks: string
  /** JSON array of dock permissions (`DOCK_PERMISSIONS` of @stratos/schemas). */
  permissions: string
  position: ColumnType<number, number, number>
  enabled: number
  created_at: Timestamp
  updated_at: Timestamp
}

/** What a user granted a dock app: accounts (EVM address, Canton party) and networks, JSON arrays. */
export interface DockGrantsTable {
  user_id: string
  app_id: string
  accounts: string
  networks: string
  created_at: Timestamp
  updated_at: Timestamp
}

export type DockAppRow = Selectable<DockAppsTable>
export type DockGrantRow = Selectable<DockGrantsTable>
export type NetworkRow = Selectable<NetworksTable>
export type TokenRow = Selectable<TokensTable>
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
export type OperatorRow = Selectable<OperatorsTable>
export type AdminInviteRow = Selectable<AdminInvitesTable>
