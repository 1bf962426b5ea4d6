import {
  type AdminBranding,
  BrandSettings,
  colorProblem,
  contrastRatio,
  MIN_TEXT_CONTRAST,
} from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { ApiRequestError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { CONFIG_QUERY_KEY } from '../../lib/session'
import { Field } from '../../lib/ui/Field'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { BrandLogoForm } from './BrandLogoForm'
import { adminAuditKey, adminBrandingKey, useAdminBranding } from './queries'
import { SaveOutcome } from './SaveOutcome'

/** The form's fields, as typed (support contact empty: none). */
interface Values {
  name: string
  primaryColor: string
  accentColor: string
  supportEmail: string
  supportUrl: string
}
type FieldErrors = Partial<Record<keyof Values, string>>

const FIELDS: readonly (keyof Values)[] = [
  'name',
  'primaryColor',
  'accentColor',
  'supportEmail',
  'supportUrl',
]

function toValues(brand: BrandSettings): Values {
  return { ...brand, supportEmail: brand.supportEmail ?? '', supportUrl: brand.supportUrl ?? '' }
}

function toRequest(values: Values): BrandSettings {
  return {
    name: values.name,
    primaryColor: values.primaryColor.trim(),
    accentColor: values.accentColor.trim(),
    supportEmail: values.supportEmail.trim() || null,
    supportUrl: values.supportUrl.trim() || null,
  }
}

/** The rules the API applies (the same schema), each refusal beside its field. */
function checkValues(values: Values): FieldErrors {
  const result = BrandSettings.safeParse(toRequest(values))
  const errors: FieldErrors = {}
  for (const issue of result.error?.issues ?? []) {
    const field = issue.path[0] as keyof Values
    errors[field] ??= issue.message
  }
  return errors
}

/** The API's 400 INVALID_BODY names each field (`primaryColor: …; name: …`): each beside its field. */
function serverFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'INVALID_BODY') return null
  const errors: FieldErrors = {}
  for (const part of error.message.split('; ')) {
    const [field, ...rest] = part.split(': ')
    if (FIELDS.includes(field as keyof Values)) errors[field as keyof Values] = rest.join(': ')
  }
  return Object.keys(errors).length > 0 ? errors : null
}

/** How white text reads on the primary colour (WCAG contrast), for the field's hint. */
function contrastHint(color: string): string {
  if (colorProblem(color.trim())) return 'A colour as #rrggbb. Buttons carry white text on it.'
  const ratio = contrastRatio(color.trim(), '#ffffff')
  const shown = (Math.floor(ratio * 100) / 100).toFixed(2)
  return ratio >= MIN_TEXT_CONTRAST
    ? `White text on it: ${shown}:1, enough to read (at least ${MIN_TEXT_CONTRAST}:1).`
    : `White text on it: ${shown}:1, too faint (at least ${MIN_TEXT_CONTRAST}:1): choose a darker colour.`
}

/**
 * The instance's brand: name (also the name passkey managers show), colours, support contact and
 * logo. Set here, they win over the instance's settings (INSTANCE_NAME, BRAND_*) and apply at once
 * for everyone; each change is confirmed with a passkey and written to the audit log.
 */
export function BrandingSection() {
  const branding = useAdminBranding()
  return (
    <section className="card" aria-labelledby="admin-branding-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-branding-heading">Branding</h2>
          <p className="muted">
            The name, colours, support contact and logo people see on the sign-in page, in the wallet and in
            their passkey manager. Set here, they win over the instance's settings (INSTANCE_NAME, BRAND_*)
            and apply at once.
          </p>
        </div>
        {branding.data && (
          <span
            className={`pill admin-nowrap admin-source--${branding.data.source === 'admin' ? 'settings' : 'env'}`}
          >
            {branding.data.source === 'admin' ? 'Set in this console' : "The instance's settings"}
          </span>
        )}
      </header>
      <QueryStatus query={branding} loading="Loading the branding…" />
      {branding.data && (
        <>
          <BrandForm branding={branding.data} />
          <BrandLogoForm logo={branding.data.logo} />
        </>
      )}
    </section>
  )
}

function BrandForm({ branding }: { branding: AdminBranding }) {
  const id = useId()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<Values>(() => toValues(branding.brand))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [notice, setNotice] = useState<string | null>(null)

  // A save (here or in another tab) shows what is in use now.
  useEffect(() => setValues(toValues(branding.brand)), [branding.brand])

  const save = useAction(async (request: BrandSettings) => {
    try {
      const saved = await api.admin.branding.update(request)
      queryClient.setQueryData(adminBrandingKey, saved)
      setNotice(`Saved: the instance is now ${saved.brand.name}.`)
    } catch (error) {
      const fields = serverFieldErrors(error)
      if (!fields) throw error
      setErrors(fields)
      return
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])
  })

  function set(field: keyof Values) {
    return (value: string) => {
      setValues((previous) => ({ ...previous, [field]: value }))
      setErrors((previous) => ({ ...previous, [field]: undefined }))
      setNotice(null)
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setNotice(null)
    const found = checkValues(values)
    setErrors(found)
    if (Object.keys(found).length === 0) void save.run(toRequest(values))
  }

  const previewColor = colorProblem(values.primaryColor.trim())
    ? branding.brand.primaryColor
    : values.primaryColor

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate aria-busy={save.busy} aria-label="Brand">
      <div className="admin-row">
        <TextField
          id={`${id}-name`}
          label="Instance name"
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          hint="Up to 64 characters. Passkey managers list new passkeys under this name."
          disabled={save.busy}
          maxLength={80}
        />
        <TextField
          id={`${id}-email`}
          label="Support email"
          type="email"
          value={values.supportEmail}
          onChange={set('supportEmail')}
          error={errors.supportEmail}
          hint="Optional. Shown where people may be stuck, as a mailto: link."
          disabled={save.busy}
        />
        <TextField
          id={`${id}-url`}
          label="Support page"
          type="url"
          value={values.supportUrl}
          onChange={set('supportUrl')}
          error={errors.supportUrl}
          hint="Optional. An https:// page with help."
          disabled={save.busy}
        />
      </div>
      <div className="admin-row">
        <ColorField
          id={`${id}-primary`}
          label="Primary colour"
          value={values.primaryColor}
          onChange={set('primaryColor')}
          error={errors.primaryColor}
          hint={contrastHint(values.primaryColor)}
          disabled={save.busy}
        />
        <ColorField
          id={`${id}-accent`}
          label="Accent colour"
          value={values.accentColor}
          onChange={set('accentColor')}
          error={errors.accentColor}
          hint="A colour as #rrggbb: the ring around what the keyboard is on."
          disabled={save.busy}
        />
        <div className="brand-preview">
          <span className="hint">Preview</span>
          <span className="brand-preview__sample" style={{ background: previewColor }}>
            {values.name.trim() || branding.brand.name}
          </span>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Save branding
        </button>
        <button
          type="button"
          className="button button--ghost"
          disabled={save.busy}
          onClick={() => {
            setValues(toValues(branding.defaults))
            setErrors({})
            setNotice(null)
          }}
        >
          Fill in the instance's settings
        </button>
      </div>
      <SaveOutcome error={save.error} notice={notice} />
    </form>
  )
}

interface ColorFieldProps {
  id: string
  label: string
  value: string
  onChange(value: string): void
  error: string | undefined
  hint: string
  disabled: boolean
}

/** A `#rrggbb` text field with the browser's colour picker beside it, both editing one value. */
function ColorField({ id, label, value, onChange, error, hint, disabled }: ColorFieldProps) {
  const picked = colorProblem(value.trim()) ? '#000000' : value.trim().toLowerCase()
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <div className="color-field">
          <input
            type="color"
            value={picked}
            onChange={(event) => onChange(event.target.value)}
            aria-label={`${label} picker`}
            disabled={disabled}
          />
          <input
            {...control}
            className="mono"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            disabled={disabled}
          />
        </div>
      )}
    </Field>
  )
}
