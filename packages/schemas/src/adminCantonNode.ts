import { z } from 'zod'

/**
 * Canton node operations of the admin console: the participant's hosted parties, its Ledger API
 * users and their rights, and its health. The shapes are the API's own; the participant's JSON
 * Ledger API v2 forms stay inside the server.
 */

/** A Daml-LF party string (value.proto `PartyIdString`): ASCII letters, digits, space, `:`, `-`, `_`. */
const PARTY_STRING = /^[a-zA-Z0-9: _-]+$/

/** A party id as the participant prints it. */
const PartyId = z
  .string()
  .min(1, 'party: Required')
  .max(255, 'party: at most 255 characters')
  .regex(PARTY_STRING, 'party: expected a Canton party id (letters, digits, space, ":", "-", "_")')

/**
 * A Ledger API user id: 1 to 128 characters, ASCII letters and digits or one of
 * ``@^$.!`-#+'~_|:()`` (the spec's `User.id`).
 */
export const LedgerUserId = z
  .string()
  .min(1, 'userId: Required')
  .max(128, 'userId: at most 128 characters')
  .regex(/^[a-zA-Z0-9@^$.!`\-#+'~_|:()]+$/, "userId: use letters, digits and @^$.!`-#+'~_|:()")

/** Path parameter of a Ledger API user. */
export const LedgerUserParams = z.object({ userId: LedgerUserId })

/** A page of a participant list: the participant's own page token, handed back as it came. */
const PageQuery = {
  pageSize: z.coerce
    .number()
    .int('pageSize: expected an integer')
    .min(1, 'pageSize: at least 1')
    .max(1000, 'pageSize: at most 1000')
    .default(50),
  pageToken: z
    .string()
    .max(2000, 'pageToken: at most 2000 characters')
    .regex(/^[A-Za-z0-9_=-]*$/, "pageToken: expected the previous page's nextPageToken")
    .optional(),
}

/** GET /api/admin/canton/parties?prefix&pageSize&pageToken. */
export const AdminCantonPartiesQuery = z.object({
  /** Only parties whose id starts with this. */
  prefix: z
    .string()
    .max(185, 'prefix: at most 185 characters')
    .regex(PARTY_STRING, 'prefix: letters, digits, space, ":", "-" and "_" only')
    .optional(),
  ...PageQuery,
})
export type AdminCantonPartiesQuery = z.infer<typeof AdminCantonPartiesQuery>

/** A party the participant knows. */
export const AdminCantonParty = z.object({
  party: z.string(),
  /** Hosted by this participant (false: known from the topology, hosted elsewhere). */
  isLocal: z.boolean(),
  /** The display name stored with the party on this participant, if any. */
  displayName: z.string().nullable(),
})
export type AdminCantonParty = z.infer<typeof AdminCantonParty>

export const AdminCantonPartiesResponse = z.object({
  parties: z.array(AdminCantonParty),
  /** Pass as `pageToken` for the next page; null after the last one. */
  nextPageToken: z.string().nullable(),
})
export type AdminCantonPartiesResponse = z.infer<typeof AdminCantonPartiesResponse>

/**
 * POST /api/admin/canton/parties: a party hosted (and signed for) by the participant. The id is
 * `partyIdHint::<participant namespace>`.
 */
export const AdminAllocatePartyRequest = z
  .object({
    partyIdHint: z
      .string()
      .trim()
      .min(1, 'partyIdHint: Required')
      .max(185, 'partyIdHint: at most 185 characters')
      .regex(PARTY_STRING, 'partyIdHint: use letters, digits, space, ":", "-" and "_"')
      .refine((hint) => !hint.includes('::'), 'partyIdHint: "::" separates the hint from the namespace'),
    /** Kept on the participant as the party's `stratos-vault/display-name` annotation. */
    displayName: z.string().trim().max(255, 'displayName: at most 255 characters').optional(),
  })
  .strict()
export type AdminAllocatePartyRequest = z.infer<typeof AdminAllocatePartyRequest>

/** The kinds of Ledger API user rights (spec `Right.kind`), named as the console shows them. */
export const LEDGER_RIGHT_KINDS = [
  'actAs',
  'readAs',
  'executeAs',
  'readAsAnyParty',
  'executeAsAnyParty',
  'participantAdmin',
  'identityProviderAdmin',
] as const
export type LedgerRightKind = (typeof LEDGER_RIGHT_KINDS)[number]

/** The kinds that name a party. */
export const PARTY_RIGHT_KINDS: readonly LedgerRightKind[] = ['actAs', 'readAs', 'executeAs']

/** One right of a Ledger API user: a kind, and the party for actAs, readAs and executeAs. */
export const LedgerRight = z
  .object({
    kind: z.enum(LEDGER_RIGHT_KINDS, {
      error: `kind: expected one of ${LEDGER_RIGHT_KINDS.join(', ')}`,
    }),
    party: PartyId.optional(),
  })
  .strict()
  .superRefine((right, ctx) => {
    const needsParty = PARTY_RIGHT_KINDS.includes(right.kind)
    if (needsParty && !right.party)
      ctx.addIssue({ code: 'custom', path: ['party'], message: `party: Required for ${right.kind}` })
    if (!needsParty && right.party)
      ctx.addIssue({ code: 'custom', path: ['party'], message: `party: ${right.kind} names no party` })
  })
export type LedgerRight = z.infer<typeof LedgerRight>

/** GET /api/admin/canton/users?pageSize&pageToken. */
export const AdminLedgerUsersQuery = z.object(PageQuery)
export type AdminLedgerUsersQuery = z.infer<typeof AdminLedgerUsersQuery>

/** A Ledger API user of the participant, with its rights. */
export const AdminLedgerUser = z.object({
  id: z.string(),
  primaryParty: z.string().nullable(),
  isDeactivated: z.boolean(),
  rights: z.array(LedgerRight),
  /** The wallet server signs in to the participant as this user. */
  isInstanceUser: z.boolean(),
})
export type AdminLedgerUser = z.infer<typeof AdminLedgerUser>

export const AdminLedgerUsersResponse = z.object({
  users: z.array(AdminLedgerUser),
  /** Pass as `pageToken` for the next page; null after the last one. */
  nextPageToken: z.string().nullable(),
})
export type AdminLedgerUsersResponse = z.infer<typeof AdminLedgerUsersResponse>

/** POST /api/admin/canton/users/:userId/rights (grant) and …/rights/revoke. */
export const AdminLedgerRightsRequest = z
  .object({ rights: z.array(LedgerRight).min(1, 'rights: at least one').max(50, 'rights: at most 50') })
  .strict()
export type AdminLedgerRightsRequest = z.infer<typeof AdminLedgerRightsRequest>

/** What a grant or revoke changed, and the user's rights after it. */
export const AdminLedgerRightsResponse = z.object({
  /** The rights this request added (grant) or removed (revoke); those already so are left out. */
  changed: z.array(LedgerRight),
  user: AdminLedgerUser,
})
export type AdminLedgerRightsResponse = z.infer<typeof AdminLedgerRightsResponse>

/** GET /api/admin/canton/node: the participant's health as the wallet server sees it. */
export const AdminCantonNodeResponse = z.object({
  url: z.string(),
  /** The participant answered `GET /v2/version`. */
  reachable: z.boolean(),
  /** `GET /livez` and `GET /readyz`; null when not asked or not answered. */
  live: z.boolean().nullable(),
  ready: z.boolean().nullable(),
  version: z.string().nullable(),
  participantId: z.string().nullable(),
  /** The Ledger API user the wallet server signs in as (`GET /v2/authenticated-user`). */
  ledgerUserId: z.string().nullable(),
  synchronizers: z.array(
    z.object({
      alias: z.string(),
      id: z.string(),
      /** The participant's permission there, when the participant says. */
      permission: z.string().nullable(),
    }),
  ),
  /** What failed, in words an admin can act on (one line per failed check). */
  problems: z.array(z.string()),
})
export type AdminCantonNodeResponse = z.infer<typeof AdminCantonNodeResponse>
