import type { ChallengeRow, Database } from '@stratos/db/portable'
import type { Transaction } from 'kysely'
import type { AppDeps } from '../context.js'
import { randomId } from '../encoding.js'
import { ApiError } from '../errors.js'
import {
  deleteChallenge,
  deleteExpiredChallenges,
  insertChallenge,
  selectChallenge,
  selectClientChallenges,
} from './queries.js'

const CLEANUP_INTERVAL_MS = 60_000

/**
 * Single-use, short-lived WebAuthn challenges, shared by every ceremony (create account, sign in,
 * add a backup passkey). `verifyRegistrationResponse`/`verifyAuthenticationResponse` check that a
 * response signs the challenge, not that the challenge is used once: that is enforced here.
 */
export function createChallenges({ db, config, clock }: Pick<AppDeps, 'db' | 'config' | 'clock'>) {
  let lastCleanup = 0

  return {
    /**
     * Stores a challenge for `purpose` with its JSON `context`, asked for by `client` (its address,
     * when known); returns its id. A client holding `maxChallengesPerClient` unexpired challenges
     * is refused with 429 TOO_MANY_CHALLENGES and a Retry-After of when its oldest expires. The
     * count and the insert are not one atomic step: concurrent requests of one client may pass
     * the bound by the few that raced.
     */
    async store(
      challenge: string,
      purpose: ChallengeRow['purpose'],
      context: unknown,
      client: string | undefined,
    ): Promise<string> {
      const now = clock()
      if (now.getTime() - lastCleanup > CLEANUP_INTERVAL_MS) {
        lastCleanup = now.getTime()
        await deleteExpiredChallenges(db, now.toISOString())
      }
      if (client !== undefined) {
        const held = await selectClientChallenges(db, client, now.toISOString())
        if (held.count >= config.maxChallengesPerClient) {
          const seconds = Math.max(1, Math.ceil((Date.parse(held.oldestExpiry!) - now.getTime()) / 1000))
          throw new ApiError(
            429,
            'TOO_MANY_CHALLENGES',
            `This address has ${held.count} unanswered passkey challenges: finish or abandon one, and retry in ${seconds} s`,
            { headers: { 'Retry-After': String(seconds) } },
          )
        }
      }
      const id = randomId(16)
      await insertChallenge(db, {
        id,
        challenge,
        purpose,
        context: context === null ? null : JSON.stringify(context),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + config.challengeTtlSeconds * 1000).toISOString(),
        client: client?.slice(0, 64) ?? null,
      })
      return id
    },

    /**
     * Reads the challenge a response answers. It is consumed (deleted) by the transaction that
     * commits the outcome, or burnt by `burnOnFailure` if the response is refused: either way it
     * answers at most one response. One commit per successful ceremony instead of two.
     */
    async read(id: string, purpose: ChallengeRow['purpose']): Promise<ChallengeRow> {
      const row = await selectChallenge(db, id, purpose)
      if (!row) throw challengeInvalid()
      if (row.expires_at <= clock().toISOString()) {
        await deleteChallenge(db, id)
        throw new ApiError(
          400,
          'CHALLENGE_EXPIRED',
          'The challenge expired: request new options and try again',
        )
      }
      return row
    },

    /**
     * Runs `ceremony`; if it throws, the challenge is deleted so the refused response cannot be
     * retried. When the challenge was already gone, another response to it won (consumed it, or was
     * refused first): this one lost the race, whatever step it failed at (a counter another answer
     * advanced, say), and is 400 CHALLENGE_INVALID like every other answer to a used challenge.
     */
    async burnOnFailure<T>(challengeId: string, ceremony: () => Promise<T>): Promise<T> {
      try {
        return await ceremony()
      } catch (error) {
        if (!(await deleteChallenge(db, challengeId))) throw challengeInvalid()
        throw error
      }
    },

    /** First statement of the committing transaction: this request, and no other, used the challenge. */
    async consume(trx: Transaction<Database>, id: string): Promise<void> {
      if (!(await deleteChallenge(trx, id))) throw challengeInvalid()
    },
  }
}

export type Challenges = ReturnType<typeof createChallenges>

/** 400 CHALLENGE_INVALID: unknown, used, or issued for another ceremony or another user. */
export function challengeInvalid(): ApiError {
  return new ApiError(400, 'CHALLENGE_INVALID', 'Unknown or already used challengeId: request new options')
}
