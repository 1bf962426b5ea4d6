import { z } from 'zod'

/** The longest brand name, in characters (it is the passkey manager's relying party name). */
export const BRAND_NAME_MAX_LENGTH = 64
/** The largest logo accepted, in bytes. */
export const BRAND_LOGO_MAX_BYTES = 256 * 1024
/** The widest and tallest logo accepted, in pixels. */
export const BRAND_LOGO_MAX_PIXELS = 1024
/** The logo formats accepted. No SVG: an SVG document can carry script. */
export const BRAND_LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
export type BrandLogoMediaType = (typeof BRAND_LOGO_MEDIA_TYPES)[number]
/** WCAG 2.x success criterion 1.4.3 (AA): normal text needs a contrast of at least 4.5:1. */
export const MIN_TEXT_CONTRAST = 4.5

const HEX_COLOR = /^#[0-9a-f]{6}$/i
// C0 and C1 controls, and the bidirectional formatting characters that can make a name read
// differently than it is (Unicode TR9: LRM, RLM, ALM, the embeddings, overrides and isolates).
const CONTROL_CHARACTER = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u

/** The code point of `char` as `U+XXXX`. */
function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * WCAG 2.x relative luminance of an sRGB `#rrggbb` colour
 * (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).
 */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** WCAG 2.x contrast ratio of two `#rrggbb` colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** Why `name` cannot be the instance's name, or null when it can. */
export function brandNameProblem(name: string): string | null {
  if (name.trim() === '') return 'must not be empty'
  if (name !== name.trim()) return 'must not start or end with a space'
  const length = [...name].length
  if (length > BRAND_NAME_MAX_LENGTH)
    return `must be at most ${BRAND_NAME_MAX_LENGTH} characters (it has ${length})`
  const control = CONTROL_CHARACTER.exec(name)
  if (control) return `must not contain control characters (${codePoint(control[0])})`
  return null
}

/** Why `value` is not a `#rrggbb` colour, or null when it is. */
export function colorProblem(value: string): string | null {
  return HEX_COLOR.test(value)
    ? null
    : `must be a colour as #rrggbb (e.g. #4f46e5), got '${value.slice(0, 20)}'`
}

/**
 * Why `value` cannot be the primary colour (buttons carry white text on it, links are written
 * in it on white), or null when it can: a `#rrggbb` colour whose contrast with white is at least
 * {@link MIN_TEXT_CONTRAST}.
 */
export function primaryColorProblem(value: string): string | null {
  const problem = colorProblem(value)
  if (problem) return problem
  const ratio = contrastRatio(value, '#ffffff')
  if (ratio >= MIN_TEXT_CONTRAST) return null
  return `${value} has a contrast of ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1 with white text, below the ${MIN_TEXT_CONTRAST}:1 WCAG asks for (success criterion 1.4.3): choose a darker colour`
}

/** Why `value` is not an email address a `mailto:` link can name, or null when it is. */
export function supportEmailProblem(value: string): string | null {
  if (value.length > 254) return 'must be at most 254 characters'
  return z.email().safeParse(value).success ? null : `must be an email address (e.g. help@example.com)`
}

/** Why `value` is not an https URL people can open for help, or null when it is. */
export function supportUrlProblem(value: string): string | null {
  if (value.length > 2048) return 'must be at most 2048 characters'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be an https:// URL (e.g. https://help.example.com)'
  }
  if (url.protocol !== 'https:') return 'must be an https:// URL (e.g. https://help.example.com)'
  if (url.username || url.password) return 'must not carry a user name or password'
  return null
}

/** A zod string checked by one of the `*Problem` functions above. */
function checked(problem: (value: string) => string | null) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value)
    if (message) ctx.addIssue({ code: 'custom', message })
  })
}

export const BrandName = checked(brandNameProblem)
export const BrandPrimaryColor = checked(primaryColorProblem)
export const BrandColor = checked(colorProblem)
export const BrandSupportEmail = checked(supportEmailProblem)
export const BrandSupportUrl = checked(supportUrlProblem)

/**
 * The instance's brand as an admin sets it (PUT /api/admin/branding), and as the settings give it
 * before any admin does. Colours are `#rrggbb`; the primary colour carries white text.
 */
export const BrandSettings = z
  .object({
    /** Shown in the app and to the passkey manager as the relying party name. */
    name: BrandName,
    /** Buttons, links and the brand mark; white text on it meets WCAG AA (4.5:1). */
    primaryColor: BrandPrimaryColor,
    /** The keyboard focus ring. */
    accentColor: BrandColor,
    /** Where people write for help (a `mailto:` link), or null. */
    supportEmail: BrandSupportEmail.nullable(),
    /** Where people find help (an https page), or null. */
    supportUrl: BrandSupportUrl.nullable(),
  })
  .strict()
export type BrandSettings = z.infer<typeof BrandSettings>

/** The instance's brand as every visitor sees it (part of GET /api/config). */
export const PublicBrand = z.object({
  name: z.string(),
  primaryColor: z.string(),
  accentColor: z.string(),
  supportEmail: z.string().nullable(),
  supportUrl: z.string().nullable(),
  /** Where the logo is served (versioned by its content), or null when the instance has none. */
  logoUrl: z.string().nullable(),
})
export type PublicBrand = z.infer<typeof PublicBrand>

/** The stored logo, as an admin sees it. */
export const BrandLogo = z.object({
  mediaType: z.enum(BRAND_LOGO_MEDIA_TYPES),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
  /** SHA-256 of the file, hex. */
  sha256: z.string(),
  url: z.string(),
  updatedAt: z.string(),
})
export type BrandLogo = z.infer<typeof BrandLogo>

/** GET /api/admin/branding and the answer of each branding change. */
export const AdminBranding = z.object({
  /** The brand in use. */
  brand: BrandSettings,
  /** Where it comes from: an admin's edit (instance setting), or the settings (INSTANCE_NAME, BRAND_*). */
  source: z.enum(['admin', 'settings']),
  /** What the settings give, shown so an admin can go back to them. */
  defaults: BrandSettings,
  logo: BrandLogo.nullable(),
})
export type AdminBranding = z.infer<typeof AdminBranding>

/** GET /api/instance/logo: `v` is the version in `logoUrl` (a cache key; any value serves the current logo). */
export const BrandLogoQuery = z.object({ v: z.string().max(64).exactOptional() })
