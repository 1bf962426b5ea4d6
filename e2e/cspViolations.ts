import type { Page } from '@playwright/test'

/**
 * Collects what Chromium reports on the console when the Content-Security-Policy blocks something
 * (a script, a style, a connection): a blocked part of the app often fails silently otherwise.
 * A test asserts the list is empty once it is done with the page.
 */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
  })
  return violations
}
