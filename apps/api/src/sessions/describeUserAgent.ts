/** What a person recognises a session by: browser and operating system. */
export interface DeviceSummary {
  /** `Chrome 120 on macOS`, `Firefox 121`, `Unknown device`. */
  device: string
  browser: string | null
  os: string | null
}

/**
 * Browsers by the token their user agent carries, most specific first: Edge, Opera, Samsung
 * Internet and Chrome on iOS all say "Chrome" or "Safari" too, so they are matched before those.
 */
const BROWSERS: [name: string, token: RegExp][] = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS)\/(\d+)/],
  ['Opera', /\b(?:OPR|OPiOS)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:CriOS|HeadlessChrome|Chrome)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//],
]

/** Operating systems, most specific first (Android says Linux, iPad can say Macintosh). */
const SYSTEMS: [name: string, token: RegExp][] = [
  ['iPadOS', /\biPad\b/],
  ['iOS', /\b(?:iPhone|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Windows', /\bWindows\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b/],
]

/**
 * A short, readable summary of a `User-Agent` header for the sessions list. Only for display: a
 * user agent is whatever the client says, so nothing is decided on it.
 */
export function describeUserAgent(userAgent: string | null): DeviceSummary {
  const ua = userAgent ?? ''
  let browser: string | null = null
  for (const [name, token] of BROWSERS) {
    const match = token.exec(ua)
    if (match) {
      browser = `${name} ${match[1]}`
      break
    }
  }
  const os = SYSTEMS.find(([, token]) => token.test(ua))?.[0] ?? null
  const device = browser && os ? `${browser} on ${os}` : (browser ?? os ?? 'Unknown device')
  return { device, browser, os }
}
