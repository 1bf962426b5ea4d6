import { z } from 'zod'
import { NetworkId } from './networks.js'

/**
 * Dock apps: third-party web apps an instance's admins place in the wallet's dock. The
 * wallet runs each in a sandboxed frame of its own origin, which is the app's identity (one app per
 * origin), and answers its requests through the dock channel (`@stratos/dock-sdk`) within the
 * permissions and networks configured here and the accounts and networks each user grants it.
 */

/** The network id that stands for the instance's Canton ledger in a dock app's networks. */
export const DOCK_CANTON_NETWORK = 'canton'

/** A dock app's id: made by the server when the app is added. */
export const DockAppId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a dock app id')

/**
 * What an admin lets a dock app ask for. `accounts`: see the user's addresses (EVM account,
 * Canton party) once the user grants them; `evm-transactions`: `eth_sendTransaction`;
 * `message-signing`: `personal_sign`, `eth_signTypedData_v4`, CIP-0103 `signMessage`;
 * `canton-read`: CIP-0103 `ledgerApi` reads; `canton-submit`: CIP-0103 `prepareExecute`.
 * The wallet enforces them; the dock channel (`@stratos/dock-sdk`) does not carry them.
 */
export const DOCK_PERMISSIONS = [
  'accounts',
  'evm-transactions',
  'message-signing',
  'canton-read',
  'canton-submit',
] as const
export const DockPermission = z.enum(DOCK_PERMISSIONS)
export type DockPermission = z.infer<typeof DockPermission>

/** The largest icon, as its data: URL's length. */
export const DOCK_ICON_MAX_CHARS = 64 * 1024

/** Hosts a dock app may be served from over plain http (a developer's machine). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * What is wrong with a dock app's URL, or undefined when it is usable: absolute, https (http only
 * on a loopback host), no user info, no #fragment.
 */
export function dockUrlProblem(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'expected an absolute URL like https://app.example.com/'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'expected an https URL'
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return 'expected an https URL (http only on localhost, 127.0.0.1 or [::1])'
  if (url.username !== '' || url.password !== '') return 'expected no user name or password in the URL'
  if (url.hash !== '') return 'expected no #fragment in the URL'
  return undefined
}

const unique = <T>(items: T[]) => new Set(items).size === items.length

const dockFields = {
  name: z.string().trim().min(1, 'expected a name').max(60, 'at most 60 characters'),
  /** A data: URL of a PNG, JPEG, WebP or SVG image, base64 (the pages' CSP loads images from data:). */
  icon: z
    .string()
    .max(DOCK_ICON_MAX_CHARS, 'at most 64 KiB')
    .regex(
      /^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/,
      'expected the icon as a data: URL of a PNG, JPEG, WebP or SVG image (base64)',
    )
    .nullable(),
  /** Where the app is served; its origin is the app's identity. */
  url: z
    .string()
    .trim()
    .max(2048, 'at most 2048 characters')
    .superRefine((text, ctx) => {
      const problem = dockUrlProblem(text)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  /** Ids of the instance's networks (`GET /api/networks`) and `canton`, the app may use. */
  networks: z.array(NetworkId).max(100).refine(unique, 'networks must not repeat'),
  /** What the app may ask for; the wallet refuses any other request. */
  permissions: z.array(DockPermission).refine(unique, 'permissions must not repeat'),
  enabled: z.boolean(),
}

/**
 * POST /api/admin/dock (add) and PUT /api/admin/dock/:id (replace): a dock app as an admin sets it.
 * The URL's origin may not be the instance's own (422 DOCK_APP_SAME_ORIGIN) nor another app's
 * (409 DOCK_APP_ORIGIN_TAKEN); each network must be one of the instance's or `canton` (422).
 */
export const DockAppRequest = z
  .object({
    ...dockFields,
    icon: dockFields.icon.default(null),
    networks: dockFields.networks.default([]),
    permissions: dockFields.permissions.default([]),
    enabled: z.boolean().default(true),
  })
  .strict()
export type DockAppRequest = z.infer<typeof DockAppRequest>
/** What a client sends (fields with a default may be left out). */
export type DockAppInput = z.input<typeof DockAppRequest>

/** A dock app, as admins and wallets see it. */
export const DockApp = z.object({
  id: DockAppId,
  name: z.string(),
  icon: z.string().nullable(),
  url: z.string(),
  /** The origin of `url`: the only origin the wallet frames for this app and talks to. */
  origin: z.string(),
  networks: z.array(z.string()),
  permissions: z.array(DockPermission),
  position: z.number().int(),
  enabled: z.boolean(),
})
export type DockApp = z.infer<typeof DockApp>

/**
 * GET /api/dock: the enabled apps in order, each app's networks narrowed to the enabled ones;
 * GET /api/admin/dock: every app, in order.
 */
export const DockAppsResponse = z.object({ apps: z.array(DockApp) })
export type DockAppsResponse = z.infer<typeof DockAppsResponse>

/** PUT /api/admin/dock/order: every app id, once, in the order the dock shows them. */
export const DockOrderRequest = z
  .object({ ids: z.array(DockAppId).max(200) })
  .strict()
  .refine((order) => unique(order.ids), 'ids must not repeat')
export type DockOrderRequest = z.infer<typeof DockOrderRequest>

export const DockAppParams = z.object({ id: DockAppId })
export const DockGrantParams = z.object({ appId: DockAppId })

/**
 * PUT /api/me/dock-grants/:appId: what the user lets the app see. `accounts`: the user's own EVM
 * address and/or Canton party (422 for any other); `networks`: some of the app's networks (422
 * for any other).
 */
export const DockGrantRequest = z
  .object({
    accounts: z.array(z.string().trim().min(1).max(256)).max(10).refine(unique, 'accounts must not repeat'),
    networks: z.array(NetworkId).max(100).refine(unique, 'networks must not repeat'),
  })
  .strict()
export type DockGrantRequest = z.infer<typeof DockGrantRequest>

/**
 * A user's grant to a dock app, with the app's name and origin. `networks` are those of the grant
 * the app still has (an admin may have taken some from it since).
 */
export const DockGrant = z.object({
  appId: DockAppId,
  appName: z.string(),
  appOrigin: z.string(),
  /** Whether the app is in the dock now (a disabled app's grant stays until revoked or the app goes). */
  appEnabled: z.boolean(),
  accounts: z.array(z.string()),
  networks: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DockGrant = z.infer<typeof DockGrant>

/** GET /api/me/dock-grants: the signed-in user's grants, in the dock's order. */
export const DockGrantsResponse = z.object({ grants: z.array(DockGrant) })
export type DockGrantsResponse = z.infer<typeof DockGrantsResponse>
