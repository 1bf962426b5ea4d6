import { type AdminBranding, BRAND_LOGO_MAX_PIXELS, type BrandSettings } from '@stratos/schemas'
import { type UserActor, writeAuditEntry } from '../../audit/auditLog.js'
import {
  brandDefaults,
  type CurrentBrand,
  describeLogo,
  readBrand,
  type StoredLogo,
} from '../../branding/brand.js'
import { readImageInfo } from '../../branding/readImageInfo.js'
import type { AppDeps } from '../../context.js'
import { toBase64Url } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import { SETTINGS, writeSettingText } from '../../instanceSettings.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

function adminBranding(deps: Deps, current: CurrentBrand): AdminBranding {
  return {
    brand: current.brand,
    source: current.source,
    defaults: brandDefaults(deps.config),
    logo: current.logo ? describeLogo(current.logo) : null,
  }
}

/** GET /api/admin/branding: the brand in use, where it comes from, the settings' brand and the logo. */
export async function readBranding(deps: Deps): Promise<AdminBranding> {
  return adminBranding(deps, await readBrand(deps.db, deps.config))
}

/** Colours compare in lower case: `#4F46E5` and `#4f46e5` are one colour. */
function normalised(input: BrandSettings): BrandSettings {
  return {
    ...input,
    primaryColor: input.primaryColor.toLowerCase(),
    accentColor: input.accentColor.toLowerCase(),
  }
}

/**
 * PUT /api/admin/branding: stores the brand (it wins over INSTANCE_NAME and BRAND_* from now on,
 * for every process of the instance) with its audit entry, in one transaction. The body passed
 * the contract's checks (name, `#rrggbb` colours, the primary colour's contrast with white text,
 * an email address and an https URL); saving the brand in use changes nothing and records nothing.
 */
export async function updateBranding(
  deps: Deps,
  actor: UserActor,
  input: BrandSettings,
): Promise<AdminBranding> {
  const after = normalised(input)
  const now = deps.clock()
  const before = await deps.db.transaction().execute(async (trx) => {
    // Read first, then write (one atomic batch on D1): nothing here reads what it wrote.
    const current = await readBrand(trx, deps.config)
    const unchanged = current.source === 'admin' && JSON.stringify(current.brand) === JSON.stringify(after)
    if (unchanged) return current
    await writeSettingText(trx, SETTINGS.branding, JSON.stringify(after), now)
    await writeAuditEntry(trx, {
      actor,
      action: 'settings.branding.update',
      target: SETTINGS.branding,
      at: now,
      details: { before: { ...current.brand, source: current.source }, after: { ...after, source: 'admin' } },
    })
    return current
  })
  return adminBranding(deps, { brand: after, source: 'admin', logo: before.logo })
}

/** What the audit log records of a logo: what it is and its digest, never its bytes. */
function auditedLogo(logo: StoredLogo | null) {
  return (
    logo && {
      mediaType: logo.mediaType,
      width: logo.width,
      height: logo.height,
      bytes: logo.bytes,
      sha256: logo.sha256,
    }
  )
}

/**
 * PUT /api/admin/branding/logo: the file must be a PNG, JPEG or WebP by its own bytes (its
 * signature; an SVG, which can carry script, or anything else is 400 LOGO_UNSUPPORTED_TYPE),
 * its header must give its size (400 LOGO_UNREADABLE), and that size be at most
 * {@link BRAND_LOGO_MAX_PIXELS} a side (400 LOGO_TOO_LARGE); the router already refused more than
 * 256 KiB (413). Stored with its audit entry in one transaction.
 */
export async function uploadLogo(
  deps: Deps,
  actor: UserActor,
  file: Uint8Array<ArrayBuffer>,
): Promise<AdminBranding> {
  const info = readImageInfo(file)
  if ('problem' in info) {
    if (info.problem === 'svg')
      throw new ApiError(
        400,
        'LOGO_UNSUPPORTED_TYPE',
        'An SVG logo is not accepted (an SVG can carry script): upload it as a PNG, JPEG or WebP image',
      )
    if (info.problem === 'unreadable')
      throw new ApiError(
        400,
        'LOGO_UNREADABLE',
        `The file starts like a ${info.format} image but its header does not give its size: save it again as PNG, JPEG or WebP`,
      )
    throw new ApiError(
      400,
      'LOGO_UNSUPPORTED_TYPE',
      'The file is not a PNG, JPEG or WebP image (recognised by its content, not its name or declared type)',
    )
  }
  if (info.width > BRAND_LOGO_MAX_PIXELS || info.height > BRAND_LOGO_MAX_PIXELS)
    throw new ApiError(
      400,
      'LOGO_TOO_LARGE',
      `The logo is ${info.width} x ${info.height} pixels: at most ${BRAND_LOGO_MAX_PIXELS} x ${BRAND_LOGO_MAX_PIXELS} are accepted`,
    )
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', file))
  const now = deps.clock()
  const logo: StoredLogo = {
    ...info,
    bytes: file.byteLength,
    sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    updatedAt: now.toISOString(),
  }
  const current = await deps.db.transaction().execute(async (trx) => {
    const current = await readBrand(trx, deps.config)
    await writeSettingText(trx, SETTINGS.brandLogoData, JSON.stringify(toBase64Url(file)), now)
    await writeSettingText(trx, SETTINGS.brandLogo, JSON.stringify(logo), now)
    await writeAuditEntry(trx, {
      actor,
      action: 'settings.branding.logo.upload',
      target: SETTINGS.brandLogo,
      at: now,
      details: { before: auditedLogo(current.logo), after: auditedLogo(logo) },
    })
    return current
  })
  return adminBranding(deps, { ...current, logo })
}

/** DELETE /api/admin/branding/logo: 404 LOGO_NOT_SET when there is none. */
export async function removeLogo(deps: Deps, actor: UserActor): Promise<AdminBranding> {
  const now = deps.clock()
  const current = await deps.db.transaction().execute(async (trx) => {
    const current = await readBrand(trx, deps.config)
    if (!current.logo) throw new ApiError(404, 'LOGO_NOT_SET', 'This instance has no logo to remove')
    await trx
      .deleteFrom('instance_settings')
      .where('key', 'in', [SETTINGS.brandLogo, SETTINGS.brandLogoData])
      .execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'settings.branding.logo.remove',
      target: SETTINGS.brandLogo,
      at: now,
      details: { before: auditedLogo(current.logo), after: null },
    })
    return current
  })
  return adminBranding(deps, { ...current, logo: null })
}
