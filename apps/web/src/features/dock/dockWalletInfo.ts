import type { DockWalletInfo } from '@stratos/dock-sdk'
import type { PublicBrand } from '@stratos/schemas'

/** XML text of `text` in ASCII: `&`, `<`, `>` and every non-ASCII character as references. */
function xmlAscii(text: string): string {
  return [...text].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16)};`)).join('')
}

/** An SVG data URI of the brand's initial on its primary colour (EIP-6963 wants a data URI). */
export function initialIcon(name: string, color: string): string {
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?'
  const fill = /^#[0-9a-f]{6}$/i.test(color) ? color : '#4f46e5'
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">' +
    `<rect width="96" height="96" rx="20" fill="${fill}"/>` +
    '<text x="48" y="64" font-family="sans-serif" font-size="48" font-weight="700" fill="#ffffff" text-anchor="middle">' +
    `${xmlAscii(initial)}</text></svg>`
  return `data:image/svg+xml;base64,${btoa(svg)}`
}

/**
 * EIP-6963 `rdns` of the wallet: its hostname's labels reversed (`wallet.acme.com` ->
 * `com.acme.wallet`, `localhost` -> `localhost`). An IP address has no domain order and stays as is.
 */
export function reverseDomain(hostname: string): string {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.startsWith('[')) return hostname
  return hostname.split('.').reverse().join('.')
}

/**
 * What the wallet tells an app in `welcome`: the instance's name, its logo when that is a data
 * URL (else the initial), and the reversed hostname of the wallet's origin.
 */
export function dockWalletInfo(
  brand: Pick<PublicBrand, 'name' | 'logoUrl' | 'primaryColor'>,
  hostname: string,
): DockWalletInfo {
  return {
    name: brand.name,
    icon: brand.logoUrl?.startsWith('data:') ? brand.logoUrl : initialIcon(brand.name, brand.primaryColor),
    rdns: reverseDomain(hostname),
  }
}
