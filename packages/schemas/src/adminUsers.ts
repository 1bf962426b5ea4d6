import { z } from 'zod'
import { Role, User } from './me.js'

/** One account as admins see it (never a key, a token or a passkey's public key). */
export const AdminUser = User.extend({
  /** The last successful sign-in (creating the account counts as one); null before any. */
  lastSignInAt: z.string().nullable(),
  /** Set while the account is disabled: its sessions are refused and it cannot sign in. */
  disabledAt: z.string().nullable(),
  passkeyCount: z.number().int().nonnegative(),
  /** The user's Canton external party, once allocated. */
  cantonPartyId: z.string().nullable(),
})
export type AdminUser = z.infer<typeof AdminUser>

/** GET /api/admin/users?query&role&limit&before: newest first. */
export const AdminUsersQuery = z.object({
  /** Part of the display name (any case), or a user id or Canton party id in full. */
  query: z
    .string()
    .trim()
    .max(200, 'query: at most 200 characters')
    .optional()
    .transform((value) => (value ? value : undefined)),
  role: Role.optional(),
  limit: z.coerce.number().int('limit: expected an integer').min(1).max(200).default(50),
  /** The `nextBefore` of the previous page: users created before that one. */
  before: z.string().max(100).optional(),
})
export type AdminUsersQuery = z.infer<typeof AdminUsersQuery>

/** GET /api/admin/users. */
export const AdminUsersResponse = z.object({
  users: z.array(AdminUser),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
})
export type AdminUsersResponse = z.infer<typeof AdminUsersResponse>

/** GET /api/admin/users/:id: the account with its passkeys and how many sessions are live. */
export const AdminUserDetail = AdminUser.extend({
  passkeys: z.array(
    z.object({
      id: z.string(),
      /** `primary`: the passkey that defines the wallet; `backup`: one that opens it through wrapped entropy. */
      kind: z.enum(['primary', 'backup']),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      backedUp: z.boolean(),
    }),
  ),
  /** Sessions neither revoked nor expired. */
  activeSessions: z.number().int().nonnegative(),
})
export type AdminUserDetail = z.infer<typeof AdminUserDetail>

/** PUT /api/admin/users/:id/role: promote to admin or demote to user. */
export const AdminUserRoleRequest = z.object({ role: Role })
export type AdminUserRoleRequest = z.infer<typeof AdminUserRoleRequest>

/** POST /api/admin/invites: a one-time link that creates an account with `role`. */
export const AdminInviteRequest = z.object({
  role: Role,
  /** How long the link works: 1 hour to 30 days. */
  expiresInHours: z
    .number()
    .int('expiresInHours: expected a whole number of hours')
    .min(1, 'expiresInHours: at least 1')
    .max(720, 'expiresInHours: at most 720 (30 days)')
    .default(72),
})
export type AdminInviteRequest = z.infer<typeof AdminInviteRequest>

/** An invite that is neither used, revoked nor expired. */
export const AdminInvite = z.object({
  /** Names the invite for revocation; it is not the token and cannot be used to register. */
  id: z.string(),
  role: Role,
  createdBy: z.object({ id: z.string(), displayName: z.string().nullable() }),
  createdAt: z.string(),
  expiresAt: z.string(),
})
export type AdminInvite = z.infer<typeof AdminInvite>

/** The answer to POST /api/admin/invites: the only time the link (and its token) is ever shown. */
export const AdminInviteCreated = AdminInvite.extend({
  /** `${origin}/enroll#invite=<token>`: the token sits in the fragment, never sent in a request line. */
  link: z.string(),
})
export type AdminInviteCreated = z.infer<typeof AdminInviteCreated>

/** GET /api/admin/invites: outstanding invites, newest first. */
export const AdminInvitesResponse = z.object({ invites: z.array(AdminInvite) })
export type AdminInvitesResponse = z.infer<typeof AdminInvitesResponse>

const MaxAdmins = z
  .number()
  .int('maxAdmins: expected a whole number')
  .min(1, 'maxAdmins: at least 1')
  .max(1000, 'maxAdmins: at most 1000')

/** GET /api/admin/settings/users. */
export const AdminUserSettings = z.object({
  /** Most admins (enabled accounts with the admin role) the instance allows. */
  maxAdmins: MaxAdmins,
  /** Enabled admins now. */
  adminCount: z.number().int().nonnegative(),
  /**
   * The admin key policy: admins use hardware security keys (a passkey whose attestation verified
   * against a trusted model), and their sessions are refused admin routes otherwise.
   */
  adminHardwareKeys: z.boolean(),
  /** The security key models the operator trusts (descriptions of their FIDO metadata statements). */
  trustedKeyModels: z.array(z.string()),
})
export type AdminUserSettings = z.infer<typeof AdminUserSettings>

/**
 * PUT /api/admin/settings/users: `maxAdmins` not below the number of admins there are;
 * `adminHardwareKeys` (absent: unchanged) on only while every enabled admin holds a trusted key.
 */
export const AdminUserSettingsRequest = z.object({
  maxAdmins: MaxAdmins,
  adminHardwareKeys: z.boolean('adminHardwareKeys: expected true or false').optional(),
})
export type AdminUserSettingsRequest = z.infer<typeof AdminUserSettingsRequest>
