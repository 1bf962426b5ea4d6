import type { PublicBrand } from '@stratos/schemas'
import { useEffect } from 'react'

/** The tab icon without a logo: the brand mark (a padlock) on the primary colour. */
function markIcon(primaryColor: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='8' fill='${primaryColor}'/><path d='M10 14v-3a6 6 0 0 1 12 0v3' stroke='white' stroke-width='2.5' fill='none'/><rect x='8' y='14' width='16' height='11' rx='2.5' fill='white'/></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

/**
 * Dresses the whole app in the instance's brand: the primary colour and the focus ring as the CSS
 * variables every style uses (`--primary`, `--focus`; set through the CSSOM, which the
 * Content-Security-Policy allows), the tab's title and its icon (the logo, else the mark).
 */
export function useBrandTheme(brand: PublicBrand): void {
  const { name, primaryColor, accentColor, logoUrl } = brand
  useEffect(() => {
    const root = document.documentElement.style
    root.setProperty('--primary', primaryColor)
    root.setProperty('--focus', accentColor)
  }, [primaryColor, accentColor])
  useEffect(() => {
    document.title = name
  }, [name])
  useEffect(() => {
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
    if (icon) icon.href = logoUrl ?? markIcon(primaryColor)
  }, [logoUrl, primaryColor])
}
