import type { AuthenticatorTransport } from '@simplewebauthn/server'
import { recoveryCode } from '@stratos/keys'
import {
  type AdminRecoveriesResponse,
  type CeremonyOptionsResponse,
  CHAINS,
  type ChainAddresses,
  type FinishRecoveryRequest,
  type GuardianLookupResponse,
  type GuardianRequestsResponse,
  type MeResponse,
  type PutRecoveryRequest,
  type RecoveryOverview,
  type RecoveryStatus,
  type RecoveryStatusResponse,
  type SealedShare,
  type StartRecoveryRequest,
  type StartRecoveryResponse,
} from '@stratos/schemas'
import { getMe } from '../../accounts/getMe.js'
import { selectAddresses } from '../../accounts/queries.js'
import { type Actor, type UserActor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { fromBase64Url, randomId, sha256Base64Url, toBase64Url } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import { challengeInvalid, createChallenges } from '../../passkeys/challenges.js'
import {
  passkeyCreationOptions,
  storeWrappingPasskey,
  verifyPasskeyRegistration,
} from '../../passkeys/registration.js'
import type { IssuedSession } from '../../sessions/sessions.js'
import {
  cancelPendingRequests,
  closeRequest,
  countApprovals,
  countShares,
  deleteSetup,
  insertApproval,
  insertRequest,
  replaceSetup,
  selectApprovals,
  selectGuardianCandidates,
  selectGuardianKey,
  selectGuardianRequests,
  selectGuardiansByName,
  selectOwnRequests,
  selectPasskeyUser,
  selectPendingRequests,
  selectRecoverableAccounts,
  selectRequest,
  selectSetup,
  selectSetupGuardians,
  selectShare,
  upsertGuardianKey,
} from './queries.js'

/** How long a recovery request waits for its guardians. */
export const RECOVERY_TTL_MS = 72 * 3600 * 1000
/** Closed recoveries stay on the owner's overview this long. */
const RECENT_MS = 7 * 24 * 3600 * 1000

/** What the challenge of a recovered passkey remembers: which request it finishes. */
interface PendingRecoveryPasskey {
  kind: 'recovery'
  requestId: string
  userId: string
}

type RequestRow = NonNullable<Awaited<ReturnType<typeof selectRequest>>>

/**
 * Social recovery (docs/key-derivation.md, "Recovery through guardians"). The server keeps the
 * guardians' public keys, the shares sealed to them, and the shares they re-seal to a recovering
 * device: ciphertext it cannot open. Guardians' approvals are what protect a recovery; every step
 * is written to the audit log and listed on the owner's other sessions, where it can be cancelled.
 */
export function createRecoveryService(deps: AppDeps) {
  const { db, config, clock, sessions } = deps
  const challenges = createChallenges(deps)

  const statusOf = (row: Pick<RequestRow, 'status' | 'expires_at'>, now: string): RecoveryStatus =>
    row.status === 'pending' && row.expires_at <= now ? 'expired' : row.status

  async function overview(userId: string): Promise<RecoveryOverview> {
    const now = clock()
    const [key, setup, guardians, requests] = await Promise.all([
      selectGuardianKey(db, userId),
      selectSetup(db, userId),
      selectSetupGuardians(db, userId),
      selectOwnRequests(db, userId, new Date(now.getTime() - RECENT_MS).toISOString()),
    ])
    return {
      guardianKey: key?.public_key ?? null,
      setup: setup
        ? {
            threshold: Number(setup.threshold),
            updatedAt: setup.updated_at,
            guardians: guardians.map((g) => ({
              userId: g.guardian_user_id,
              displayName: g.display_name,
              shareIndex: Number(g.share_index),
            })),
          }
        : null,
      requests: requests.map((r) => ({
        id: r.id,
        status: statusOf(r, now.toISOString()),
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        closedAt: r.closed_at,
        threshold: Number(r.threshold),
        approvals: Number(r.approvals ?? 0),
        code: recoveryCode(r.ephemeral_public_key),
      })),
    }
  }

  /** The request `id` if `token` is its device's; 404 otherwise (an unknown id looks the same). */
  async function deviceRequest(id: string, token: string): Promise<RequestRow> {
    const row = await selectRequest(db, id)
    if (!row || row.token_hash !== (await sha256Base64Url(token))) {
      throw new ApiError(404, 'RECOVERY_NOT_FOUND', 'No recovery with this id and token: start again')
    }
    return row
  }

  /** 409 unless the request is pending, unexpired and approved by at least its threshold. */
  async function assertReady(row: RequestRow, now: string): Promise<void> {
    const status = statusOf(row, now)
    if (status !== 'pending') throw recoveryClosed(status)
    const approvals = await countApprovals(db, row.id)
    if (approvals < Number(row.threshold)) {
      throw new ApiError(
        409,
        'RECOVERY_NOT_APPROVED',
        `${approvals} of the ${Number(row.threshold)} guardian approvals this recovery needs so far`,
      )
    }
  }

  return {
    overview,

    /** Publishes (or confirms) the caller's guardian public key. */
    async putGuardianKey(actor: UserActor, publicKey: string): Promise<void> {
      const at = clock()
      await db.transaction().execute(async (trx) => {
        const before = await upsertGuardianKey(trx, actor.userId, publicKey, at.toISOString())
        if (before !== publicKey) {
          await writeAuditEntry(trx, {
            actor,
            action: before === undefined ? 'recovery.guardian_key.publish' : 'recovery.guardian_key.replace',
            target: actor.userId,
            at,
          })
        }
      })
    },

    /**
     * Sets the caller's guardians: checks M <= N, one share per distinct guardian with indexes 1..N,
     * and that each guardian is another user with a published guardian key. Stores only the sealed
     * shares. Pending recoveries are cancelled: shares of the old split do not combine with new ones.
     */
    async putSetup(actor: UserActor, input: PutRecoveryRequest): Promise<RecoveryOverview> {
      const ids = input.guardians.map((g) => g.userId)
      const n = ids.length
      if (input.threshold > n) {
        throw new ApiError(
          400,
          'THRESHOLD_TOO_HIGH',
          `threshold: ${input.threshold} is more than the ${n} guardians named`,
        )
      }
      if (new Set(ids).size !== n) {
        throw new ApiError(400, 'GUARDIAN_DUPLICATE', 'guardians: each guardian may be named once')
      }
      if (ids.includes(actor.userId)) {
        throw new ApiError(400, 'GUARDIAN_SELF', 'guardians: you cannot be your own guardian')
      }
      const indexes = input.guardians.map((g) => g.shareIndex).sort((a, b) => a - b)
      if (indexes.some((index, i) => index !== i + 1)) {
        throw new ApiError(400, 'SHARE_INDEX_INVALID', `guardians: shareIndex must be 1 to ${n}, each once`)
      }
      const candidates = new Set((await selectGuardianCandidates(db, ids)).map((c) => c.id))
      const unknown = ids.filter((id) => !candidates.has(id))
      if (unknown.length > 0) {
        throw new ApiError(
          400,
          'GUARDIAN_UNAVAILABLE',
          `guardians: ${unknown.join(', ')} is not a user who can be a guardian (they must have unlocked their wallet here once, and not be disabled)`,
        )
      }
      const at = clock()
      const now = at.toISOString()
      await db.transaction().execute(async (trx) => {
        const cancelled = await cancelPendingRequests(trx, actor.userId, now)
        await replaceSetup(trx, actor.userId, {
          threshold: input.threshold,
          now,
          shares: input.guardians.map((g) => ({
            guardianId: g.userId,
            shareIndex: g.shareIndex,
            sealedShare: JSON.stringify(g.sealedShare),
          })),
        })
        await writeAuditEntry(trx, {
          actor,
          action: 'recovery.setup.update',
          target: actor.userId,
          details: { threshold: input.threshold, guardians: ids, cancelledRecoveries: cancelled },
          at,
        })
      })
      return overview(actor.userId)
    },

    /** Removes the caller's guardians and shares, cancelling pending recoveries. */
    async deleteSetup(actor: UserActor): Promise<RecoveryOverview> {
      const at = clock()
      await db.transaction().execute(async (trx) => {
        const cancelled = await cancelPendingRequests(trx, actor.userId, at.toISOString())
        if (await deleteSetup(trx, actor.userId)) {
          await writeAuditEntry(trx, {
            actor,
            action: 'recovery.setup.remove',
            target: actor.userId,
            details: { cancelledRecoveries: cancelled },
            at,
          })
        }
      })
      return overview(actor.userId)
    },

    /** The owner cancels a pending recovery of their account. */
    async cancel(actor: UserActor, requestId: string): Promise<RecoveryOverview> {
      const row = await selectRequest(db, requestId)
      if (!row || row.user_id !== actor.userId) {
        throw new ApiError(404, 'RECOVERY_NOT_FOUND', 'No recovery of your account has this id')
      }
      const at = clock()
      const status = statusOf(row, at.toISOString())
      if (status !== 'pending') throw recoveryClosed(status)
      await db.transaction().execute(async (trx) => {
        if (!(await closeRequest(trx, requestId, 'cancelled', at.toISOString()))) {
          throw recoveryClosed('completed')
        }
        await writeAuditEntry(trx, { actor, action: 'recovery.cancel', target: requestId, at })
      })
      return overview(actor.userId)
    },

    /** Users with exactly `displayName` who can be guardians, never the caller. */
    async lookup(userId: string, displayName: string): Promise<GuardianLookupResponse> {
      const rows = await selectGuardiansByName(db, displayName, userId)
      return {
        guardians: rows.map((r) => ({ userId: r.id, displayName: r.display_name, publicKey: r.public_key })),
      }
    },

    /** Pending recoveries the caller is a guardian of, with the share sealed to them. */
    async guardianRequests(guardianId: string): Promise<GuardianRequestsResponse> {
      const rows = await selectGuardianRequests(db, guardianId, clock().toISOString())
      return {
        requests: rows.map((r) => ({
          id: r.id,
          user: { id: r.user_id, displayName: r.display_name },
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          shareIndex: Number(r.share_index),
          sealedShare: JSON.parse(r.sealed_share) as SealedShare,
          ephemeralPublicKey: r.ephemeral_public_key,
          approved: r.approved_at !== null,
        })),
      }
    },

    /** A guardian approves: stores their share re-sealed to the device (ciphertext only). */
    async approve(
      actor: UserActor,
      requestId: string,
      sealedShare: SealedShare,
    ): Promise<GuardianRequestsResponse> {
      const row = await selectRequest(db, requestId)
      const share = row ? await selectShare(db, row.user_id, actor.userId) : undefined
      if (!row || !share) {
        throw new ApiError(404, 'RECOVERY_NOT_FOUND', 'No recovery you are a guardian of has this id')
      }
      const at = clock()
      const status = statusOf(row, at.toISOString())
      if (status !== 'pending') throw recoveryClosed(status)
      await db.transaction().execute(async (trx) => {
        const inserted = await insertApproval(trx, {
          requestId,
          guardianId: actor.userId,
          shareIndex: Number(share.share_index),
          sealedShare: JSON.stringify(sealedShare),
          now: at.toISOString(),
        })
        if (!inserted) throw new ApiError(409, 'ALREADY_APPROVED', 'You already approved this recovery')
        await writeAuditEntry(trx, {
          actor,
          action: 'recovery.approve',
          target: requestId,
          details: { userId: row.user_id, approvals: await countApprovals(trx, requestId) },
          at,
        })
      })
      return this.guardianRequests(actor.userId)
    },

    /**
     * A new device starts recovering `account` (its id, or its display name when exactly one account
     * with guardians has it). Anyone may start one: only the guardians' approvals release shares.
     */
    async start(actor: Actor, input: StartRecoveryRequest): Promise<StartRecoveryResponse> {
      const accounts = await selectRecoverableAccounts(db, input.account)
      if (accounts.length === 0) {
        throw new ApiError(
          404,
          'RECOVERY_NOT_SET_UP',
          'No account with this name or id has recovery guardians: check the spelling, or ask an admin',
        )
      }
      if (accounts.length > 1) {
        throw new ApiError(
          409,
          'ACCOUNT_AMBIGUOUS',
          'More than one account has this name: enter your account id (shown on your Recovery card) instead',
        )
      }
      const account = accounts[0]!
      const at = clock()
      const id = randomId(16)
      const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
      const expiresAt = new Date(at.getTime() + RECOVERY_TTL_MS).toISOString()
      const guardians = await countShares(db, account.id)
      await db.transaction().execute(async (trx) => {
        await insertRequest(trx, {
          id,
          userId: account.id,
          tokenHash: await sha256Base64Url(token),
          ephemeralPublicKey: input.ephemeralPublicKey,
          threshold: Number(account.threshold),
          now: at.toISOString(),
          expiresAt,
        })
        await writeAuditEntry(trx, {
          actor,
          action: 'recovery.start',
          target: id,
          details: { userId: account.id, code: recoveryCode(input.ephemeralPublicKey) },
          at,
        })
      })
      return {
        id,
        token,
        user: { id: account.id, displayName: account.display_name },
        threshold: Number(account.threshold),
        guardians,
        expiresAt,
      }
    },

    /** The device polls: shares and addresses only once enough guardians approved. */
    async status(requestId: string, token: string): Promise<RecoveryStatusResponse> {
      const row = await deviceRequest(requestId, token)
      const status = statusOf(row, clock().toISOString())
      const approvals = status === 'pending' ? await selectApprovals(db, requestId) : []
      const ready = approvals.length >= Number(row.threshold)
      const addresses = ready ? toChainAddresses(await selectAddresses(db, row.user_id)) : null
      return {
        status,
        threshold: Number(row.threshold),
        approvals: approvals.length,
        expiresAt: row.expires_at,
        shares: ready
          ? approvals.map((a) => ({
              guardianId: a.guardian_user_id,
              shareIndex: Number(a.share_index),
              sealedShare: JSON.parse(a.sealed_share) as SealedShare,
            }))
          : [],
        addresses,
      }
    },

    /** Creation options for the recovered account's new passkey (its user handle, its passkeys excluded). */
    async passkeyOptions(
      requestId: string,
      token: string,
      client: string | undefined,
    ): Promise<CeremonyOptionsResponse> {
      const row = await deviceRequest(requestId, token)
      await assertReady(row, clock().toISOString())
      const user = await selectPasskeyUser(db, row.user_id)
      if (!user)
        throw new ApiError(404, 'RECOVERY_NOT_FOUND', 'The account of this recovery no longer exists')
      const options = await passkeyCreationOptions(
        { db, config },
        {
          userHandle: fromBase64Url(user.webauthn_user_id),
          name: user.display_name,
          excludeCredentials: user.credentials.map((c) => ({
            id: c.id,
            transports: JSON.parse(c.transports) as AuthenticatorTransport[],
          })),
        },
      )
      const pending: PendingRecoveryPasskey = { kind: 'recovery', requestId, userId: row.user_id }
      const challengeId = await challenges.store(options.challenge, 'registration', pending, client)
      return { challengeId, options: options as unknown as Record<string, unknown> }
    },

    /**
     * Finishes a recovery: verifies the new passkey, checks the addresses the device derived against
     * the account's, stores the passkey with its wrapped entropy, closes the request and signs in.
     */
    async passkeyVerify(
      requestId: string,
      input: FinishRecoveryRequest,
      device: Actor,
    ): Promise<{ me: MeResponse; session: IssuedSession; userId: string }> {
      const row = await deviceRequest(requestId, input.token)
      const challenge = await challenges.read(input.challengeId, 'registration')
      const pending = JSON.parse(challenge.context ?? 'null') as PendingRecoveryPasskey | null
      if (pending?.kind !== 'recovery' || pending.requestId !== requestId) throw challengeInvalid()
      return challenges.burnOnFailure(challenge.id, async () => {
        const at = clock()
        const now = at.toISOString()
        await assertReady(row, now)
        const stored = toChainAddresses(await selectAddresses(db, row.user_id))
        if (!stored || CHAINS.some((chain) => stored[chain] !== input.addresses[chain])) {
          throw new ApiError(
            409,
            'ADDRESS_MISMATCH',
            'The recovered wallet’s addresses are not this account’s: the shares did not rebuild it',
          )
        }
        const info = await verifyPasskeyRegistration(config, challenge.challenge, input.response)
        const session = await db.transaction().execute(async (trx) => {
          await challenges.consume(trx, challenge.id)
          if (!(await closeRequest(trx, requestId, 'completed', now))) throw recoveryClosed('completed')
          await storeWrappingPasskey(trx, info, input.response, {
            userId: row.user_id,
            now,
            wrappedEntropy: input.wrappedEntropy,
          })
          await writeAuditEntry(trx, {
            actor: { ...device, userId: row.user_id },
            action: 'recovery.complete',
            target: requestId,
            details: { credentialId: info.credential.id },
            at,
          })
          return sessions.create(trx, row.user_id, {
            credentialId: info.credential.id,
            ip: device.ip,
            userAgent: device.userAgent,
          })
        })
        return { session, userId: row.user_id, me: await getMe(db, row.user_id, session) }
      })
    },

    /** Pending recoveries of every account, for admins: counts only, never a share. */
    async pendingForAdmins(): Promise<AdminRecoveriesResponse> {
      const rows = await selectPendingRequests(db, clock().toISOString())
      return {
        recoveries: rows.map((r) => ({
          id: r.id,
          user: { id: r.user_id, displayName: r.display_name },
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          threshold: Number(r.threshold),
          approvals: Number(r.approvals ?? 0),
        })),
      }
    },
  }
}

function recoveryClosed(status: RecoveryStatus): ApiError {
  return new ApiError(409, 'RECOVERY_CLOSED', `This recovery is ${status}: start a new one`)
}

function toChainAddresses(rows: { chain: string; address: string }[]): ChainAddresses | null {
  const byChain = new Map(rows.map((r) => [r.chain, r.address]))
  if (!CHAINS.every((chain) => byChain.has(chain))) return null
  return Object.fromEntries(CHAINS.map((chain) => [chain, byChain.get(chain)!])) as ChainAddresses
}
