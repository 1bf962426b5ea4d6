import { useSession } from '../session'

/**
 * The instance's logo (or its mark in the primary colour) and name, as every page header shows
 * them: the brand an admin set, else the instance's settings (`GET /api/config`).
 */
export function Brand() {
  const { brand } = useSession().config
  return (
    <p className="brand">
      {brand.logoUrl ? (
        // The name beside it says what the logo says: the image is decoration to assistive technology.
        <img className="brand__logo" src={brand.logoUrl} alt="" data-testid="brand-logo" />
      ) : (
        <span className="brand__mark" aria-hidden="true" />
      )}
      <span className="brand__name">{brand.name}</span>
    </p>
  )
}
