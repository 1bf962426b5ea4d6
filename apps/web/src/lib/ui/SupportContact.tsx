import type { PublicBrand } from '@stratos/schemas'
import { useOptionalSession } from '../session'

/** The support page, else the support email as a `mailto:` link; null when the instance names neither. */
export function supportHref(brand: Pick<PublicBrand, 'supportEmail' | 'supportUrl'>): string | null {
  if (brand.supportUrl) return brand.supportUrl
  return brand.supportEmail ? `mailto:${brand.supportEmail}` : null
}

/**
 * Where to get help, shown where a person may be stuck (the sign-in page, error states): the
 * instance's support page and email, as its admin or operator set them. Nothing when there is
 * neither, or before the instance's configuration is known.
 */
export function SupportContact({ lead = 'Need help?' }: { lead?: string }) {
  const brand = useOptionalSession()?.config.brand
  if (!brand || (!brand.supportEmail && !brand.supportUrl)) return null
  return (
    <p className="support-contact small muted">
      {lead}{' '}
      {brand.supportUrl && (
        <a href={brand.supportUrl} target="_blank" rel="noopener noreferrer">
          {brand.name} support
        </a>
      )}
      {brand.supportUrl && brand.supportEmail && ' · '}
      {brand.supportEmail && <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>}
    </p>
  )
}

/** The menu's way to support (a page or an email), or nothing when the instance names none. */
export function SupportLink() {
  const brand = useOptionalSession()?.config.brand
  const href = brand ? supportHref(brand) : null
  if (!href) return null
  const external = href.startsWith('https:')
  return (
    <a
      href={href}
      className="button button--ghost button--small"
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
    >
      Help
    </a>
  )
}
