import { expect, type Page, test } from '@playwright/test'
import { watchCspViolations } from './cspViolations.js'
import { addVirtualAuthenticator } from './passkeys.js'
import { signUp } from './people.js'
import { type Stack, startStack } from './stack.js'

let stack: Stack
test.beforeAll(async () => {
  // The settings' brand: the default name and colours, and a support email.
  stack = await startStack({ BRAND_SUPPORT_EMAIL: 'help@stratos.example' })
})
test.afterAll(async () => {
  await stack?.stop()
})

/** A 96 x 48 PNG logo drawn by the page's own canvas (a real file, as a designer would export it). */
async function drawLogo(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 96
    canvas.height = 48
    const context = canvas.getContext('2d')!
    context.fillStyle = '#1e5631'
    context.fillRect(0, 0, 96, 48)
    context.fillStyle = '#ffffff'
    context.fillRect(12, 12, 72, 24)
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

/** The value of a CSS custom property on the page's root element, as the styles see it. */
function rootVariable(page: Page, name: string): Promise<string> {
  return page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name)
}

test("an admin rebrands the instance; a new visitor's first screen and passkey show the new brand", async ({
  browser,
}) => {
  // Two people sign up with passkeys (key derivation in each browser): longer than one flow.
  test.setTimeout(240_000)
  const ada = await signUp(browser, stack.enrollLink!, 'Ada Admin')
  const adaCsp = watchCspViolations(ada)
  await ada.getByRole('link', { name: 'Admin' }).click()
  const branding = ada.getByRole('region', { name: 'Branding' })
  await expect(branding.getByLabel('Instance name')).toHaveValue('Stratos Vault')
  await expect(branding.getByText("The instance's settings", { exact: true })).toBeVisible()

  // A primary colour white text cannot be read on is refused beside its field, before any request.
  await branding.getByLabel('Instance name').fill('Globex Treasury')
  await branding.getByRole('textbox', { name: 'Primary colour', exact: true }).fill('#ffcc00')
  await branding.getByRole('button', { name: 'Save branding' }).click()
  await expect(branding.getByText(/#ffcc00 has a contrast of 1\.51:1 with white text/)).toBeVisible()
  await expect(branding.getByRole('textbox', { name: 'Primary colour', exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  )

  // A readable one is saved (after the passkey confirms it) and the console takes it at once.
  await branding.getByRole('textbox', { name: 'Primary colour', exact: true }).fill('#1e5631')
  await expect(branding.getByText(/White text on it: 8\.63:1, enough to read/)).toBeVisible()
  await branding.getByLabel('Support page').fill('https://support.globex.example/wallet')
  await branding.getByRole('button', { name: 'Save branding' }).click()
  await expect(branding.getByRole('status')).toHaveText('Saved: the instance is now Globex Treasury.')
  await expect(branding.getByText('Set in this console', { exact: true })).toBeVisible()
  await expect(ada.locator('.topbar .brand')).toHaveText('Globex Treasury')
  await expect.poll(() => rootVariable(ada, '--primary')).toBe('#1e5631')

  // The logo: previewed when chosen, then uploaded (again confirmed with the passkey).
  const logo = branding.getByRole('form', { name: 'Logo' })
  await logo
    .getByLabel('Logo image')
    .setInputFiles({ name: 'globex.png', mimeType: 'image/png', buffer: await drawLogo(ada) })
  await expect(logo.getByText('Preview of globex.png: 96 x 48 pixels')).toBeVisible()
  await logo.getByRole('button', { name: 'Upload logo' }).click()
  await expect(logo.getByRole('status')).toHaveText('Uploaded globex.png as the logo.')
  await expect(logo.getByText('The logo in use: PNG, 96 x 48 pixels, 1 KiB')).toBeVisible()
  // An SVG is refused beside the field, whatever its name says.
  await logo.getByLabel('Logo image').setInputFiles({
    name: 'logo.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  })
  await expect(logo.getByText(/logo\.svg is not a PNG, JPEG or WebP image/)).toBeVisible()

  // Each change is in the audit log.
  await ada.reload()
  const audit = ada.getByRole('table', { name: 'Audit log' })
  for (const action of ['settings.branding.update', 'settings.branding.logo.upload'])
    await expect(audit.getByRole('row').filter({ hasText: action }).first()).toBeVisible()
  expect(adaCsp).toEqual([])

  // A fresh visitor's first screen: the new name, logo and colour, and where to get help.
  const context = await browser.newContext()
  const visitor = await context.newPage()
  const visitorCsp = watchCspViolations(visitor)
  await addVirtualAuthenticator(visitor)
  await visitor.goto(stack.url)
  await expect(visitor.locator('.hero .brand')).toHaveText('Globex Treasury')
  const brandLogo = visitor.getByTestId('brand-logo')
  await expect(brandLogo).toHaveAttribute('src', /^\/api\/instance\/logo\?v=[0-9a-f]{16}$/)
  await expect.poll(() => brandLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96)
  await expect(visitor.getByRole('button', { name: 'Create account' })).toHaveCSS(
    'background-color',
    'rgb(30, 86, 49)',
  )
  await expect(visitor).toHaveTitle('Globex Treasury')
  await expect(
    visitor.locator('.welcome-footer').getByRole('link', { name: 'Globex Treasury support' }),
  ).toHaveAttribute('href', 'https://support.globex.example/wallet')

  // The passkey the visitor creates is made for the new name: the passkey manager lists it so.
  const options = visitor.waitForResponse((res) => res.url().endsWith('/api/auth/register/options'))
  await visitor.getByLabel(/name/i).fill('Vera Visitor')
  await visitor.getByRole('button', { name: 'Create account' }).click()
  const registration = await (await options).json()
  expect(registration.options.rp).toEqual({ name: 'Globex Treasury', id: new URL(stack.url).hostname })
  await expect(visitor.getByTestId('address-evm')).not.toBeEmpty()
  await expect(visitor.locator('.topbar').getByRole('link', { name: 'Help' })).toBeVisible()
  expect(visitorCsp).toEqual([])

  await context.close()
  await ada.context().close()
})
