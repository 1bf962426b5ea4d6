import type { Database } from '@stratos/db/portable'
import {
  type BrandLogo,
  type BrandLogoMediaType,
  BrandSettings,
  type PublicBrand,
  routes,
} from '@stratos/schemas'
import type { Kysely } from 'kysely'
import type { ApiConfig } from '../config.js'
import { fromBase64Url } from '../encoding.js'
import { readSetting, SETTINGS } from '../instanceSettings.js'

/** What the instance setting `brand_logo` says of the logo (its bytes are in `brand_logo_data`). */
export interface StoredLogo {
  mediaType: BrandLogoMediaType
  width: number
  height: number
  bytes: number
  /** SHA-256 of the file, hex: its version in `logoUrl`. */
  sha256: string
  updatedAt: string
}

/** The brand in use: an admin's edits (instance setting `branding`), else the settings. */
export interface CurrentBrand {
  brand: BrandSettings
  source: 'admin' | 'settings'
  logo: StoredLogo | null
}

/** The brand the settings give (INSTANCE_NAME, BRAND_*), before any admin edits it. */
export function brandDefaults(config: Pick<ApiConfig, 'instanceName' | 'brand'>): BrandSettings {
  return { name: config.instanceName, ...config.brand }
}

/**
 * The brand's settings as stored by an admin, or undefined when none is (or what is stored no
 * longer passes the rules, e.g. written by another version: the settings' brand then applies).
 */
function storedBrand(value: unknown): BrandSettings | undefined {
  if (value === undefined) return undefined
  const parsed = BrandSettings.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** The brand in use and the logo's description, in one read (never the logo's bytes). */
export async function readBrand(
  db: Kysely<Database>,
  config: Pick<ApiConfig, 'instanceName' | 'brand'>,
): Promise<CurrentBrand> {
  const rows = await db
    .selectFrom('instance_settings')
    .select(['key', 'value'])
    .where('key', 'in', [SETTINGS.branding, SETTINGS.brandLogo])
    .execute()
  const value = (key: string) => {
    const row = rows.find((r) => r.key === key)
    return row ? (JSON.parse(row.value) as unknown) : undefined
  }
  const stored = storedBrand(value(SETTINGS.branding))
  return {
    brand: stored ?? brandDefaults(config),
    source: stored ? 'admin' : 'settings',
    logo: (value(SETTINGS.brandLogo) as StoredLogo | undefined) ?? null,
  }
}

/**
 * The instance's name now: the relying party name every new passkey is created with, so the
 * passkey manager lists it under the brand people know.
 */
export async function readBrandName(
  db: Kysely<Database>,
  config: Pick<ApiConfig, 'instanceName' | 'brand'>,
): Promise<string> {
  return storedBrand(await readSetting(db, SETTINGS.branding))?.name ?? config.instanceName
}

/**
 * Where the logo is served, with its content's version: a new logo has a new URL, so browsers
 * may keep each one for long.
 */
export function logoUrl(logo: Pick<StoredLogo, 'sha256'>): string {
  return `${routes.instanceLogo.path}?v=${logo.sha256.slice(0, 16)}`
}

/** Whether `v` names the logo's current version (see {@link logoUrl}). */
export function isCurrentLogoVersion(logo: Pick<StoredLogo, 'sha256'>, v: string | undefined): boolean {
  return v === logo.sha256.slice(0, 16)
}

/** The brand as every visitor sees it (GET /api/config). */
export function publicBrand({ brand, logo }: CurrentBrand): PublicBrand {
  return { ...brand, logoUrl: logo ? logoUrl(logo) : null }
}

/** The logo's description as an admin sees it. */
export function describeLogo(logo: StoredLogo): BrandLogo {
  return { ...logo, url: logoUrl(logo) }
}

/** The logo's bytes with what it is, or null when the instance has none. */
export async function readLogoFile(
  db: Kysely<Database>,
): Promise<{ logo: StoredLogo; bytes: Uint8Array<ArrayBuffer> } | null> {
  const rows = await db
    .selectFrom('instance_settings')
    .select(['key', 'value'])
    .where('key', 'in', [SETTINGS.brandLogo, SETTINGS.brandLogoData])
    .execute()
  const logo = rows.find((r) => r.key === SETTINGS.brandLogo)
  const data = rows.find((r) => r.key === SETTINGS.brandLogoData)
  if (!logo || !data) return null
  return {
    logo: JSON.parse(logo.value) as StoredLogo,
    bytes: fromBase64Url(JSON.parse(data.value) as string),
  }
}
