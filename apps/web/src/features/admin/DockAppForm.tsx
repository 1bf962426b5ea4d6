import {
  type AdminNetwork,
  DOCK_CANTON_NETWORK,
  DOCK_ICON_MAX_CHARS,
  DOCK_PERMISSIONS,
  type DockApp,
  type DockAppInput,
  type DockPermission,
} from '@stratos/schemas'
import { type FormEvent, useState } from 'react'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { SaveOutcome } from './SaveOutcome'

/** What each permission lets an app ask for, one line each (the wallet asks the user every time it signs). */
export const PERMISSION_LABELS: Record<DockPermission, { label: string; explanation: string }> = {
  accounts: {
    label: 'Accounts',
    explanation: 'See the accounts a user chooses to share with it (EVM address, Canton party).',
  },
  'evm-transactions': {
    label: 'EVM transactions',
    explanation: 'Ask to send EVM transactions; the user reviews and approves each one in the wallet.',
  },
  'message-signing': {
    label: 'Message signing',
    explanation: 'Ask to sign messages and typed data; the user reviews and approves each one.',
  },
  'canton-read': {
    label: 'Canton read',
    explanation: "Read the user's Canton ledger data (holdings, contracts) through the dApp API.",
  },
  'canton-submit': {
    label: 'Canton submit',
    explanation: 'Ask to submit Canton transactions; the user reviews and approves each one.',
  },
}

const ICON_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']

interface Values {
  name: string
  url: string
  icon: string | null
  networks: string[]
  permissions: DockPermission[]
  enabled: boolean
}

function initialValues(app: DockApp | undefined): Values {
  return {
    name: app?.name ?? '',
    url: app?.url ?? '',
    icon: app?.icon ?? null,
    networks: app?.networks ?? [],
    permissions: app?.permissions ?? ['accounts'],
    enabled: app?.enabled ?? true,
  }
}

/** The icon file as a data: URL, or a sentence saying why it cannot be one. */
function readIcon(file: File): Promise<string> {
  if (!ICON_TYPES.includes(file.type))
    return Promise.reject(new Error('Choose a PNG, JPEG, WebP or SVG image.'))
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      if (url.length > DOCK_ICON_MAX_CHARS)
        reject(new Error('The icon must be at most 48 KB (64 KiB as text).'))
      else resolve(url)
    }
    reader.onerror = () => reject(new Error('The icon file could not be read.'))
    reader.readAsDataURL(file)
  })
}

const toggle = <T,>(list: T[], item: T, on: boolean) =>
  on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item)

export interface DockAppFormProps {
  id: string
  /** The app to change; absent, the form adds one. */
  app?: DockApp
  /** The instance's networks, for the networks the app may use. */
  networks: AdminNetwork[]
  onSave(
    request: { kind: 'add'; body: DockAppInput } | { kind: 'update'; id: string; body: DockAppInput },
  ): Promise<void>
  onCancel(): void
}

/**
 * Adds a dock app or changes one: its name, icon, URL (whose origin the wallet frames and talks
 * to), the networks it may use and what it may ask for. The API refuses an http URL off loopback,
 * this instance's own origin and another app's origin; this form shows why.
 */
export function DockAppForm({ id, app, networks, onSave, onCancel }: DockAppFormProps) {
  const [values, setValues] = useState(() => initialValues(app))
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const save = useAction(onSave)
  const set = (change: Partial<Values>) => setValues((v) => ({ ...v, ...change }))
  const editing = app !== undefined
  const choices = [
    ...networks.map((network) => ({ id: network.id, label: network.name, hidden: !network.enabled })),
    { id: DOCK_CANTON_NETWORK, label: 'Canton', hidden: false },
  ]
  // A network the app names that the instance no longer has stays listed, so it can be unticked.
  for (const network of values.networks)
    if (!choices.some((choice) => choice.id === network))
      choices.push({ id: network, label: network, hidden: true })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    save.reset()
    if (values.name.trim() === '') return setProblem('Enter the app’s name.')
    if (values.url.trim() === '') return setProblem('Enter the app’s URL.')
    setProblem(undefined)
    const body: DockAppInput = {
      name: values.name.trim(),
      url: values.url.trim(),
      icon: values.icon,
      networks: values.networks,
      permissions: DOCK_PERMISSIONS.filter((permission) => values.permissions.includes(permission)),
      enabled: values.enabled,
    }
    void save.run(editing ? { kind: 'update', id: app.id, body } : { kind: 'add', body })
  }

  return (
    <form
      id={id}
      className="panel form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={save.busy}
      aria-labelledby={`${id}-title`}
    >
      <div>
        <h3 id={`${id}-title`}>{editing ? `Change ${app.name}` : 'Add a dock app'}</h3>
        <p className="hint">
          The app runs in a sandboxed frame of its own origin inside the wallet. Every signature it asks for
          is shown to the user in the wallet’s own review.
        </p>
      </div>
      <div className="admin-row">
        <TextField
          id={`${id}-name`}
          label="Name"
          value={values.name}
          onChange={(name) => set({ name })}
          disabled={save.busy}
          maxLength={60}
          placeholder="Treasury dashboard"
        />
        <TextField
          id={`${id}-url`}
          label="URL"
          value={values.url}
          onChange={(url) => set({ url })}
          disabled={save.busy}
          className="mono"
          spellCheck={false}
          placeholder="https://treasury.example.com/"
          hint="https (http only on localhost, 127.0.0.1 or [::1]); its origin is the app’s identity."
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-icon`}>Icon</label>
        <div className="actions actions--tight">
          {values.icon && <img src={values.icon} alt="" width={32} height={32} />}
          <input
            id={`${id}-icon`}
            type="file"
            accept={ICON_TYPES.join(',')}
            disabled={save.busy}
            aria-describedby={`${id}-icon-hint`}
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (!file) return
              readIcon(file).then(
                (icon) => {
                  setProblem(undefined)
                  set({ icon })
                },
                (error: Error) => setProblem(error.message),
              )
            }}
          />
          {values.icon && (
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={save.busy}
              onClick={() => set({ icon: null })}
            >
              Remove icon
            </button>
          )}
        </div>
        <p id={`${id}-icon-hint`} className="hint">
          Optional: PNG, JPEG, WebP or SVG, at most 48 KB.
        </p>
      </div>
      <fieldset className="admin-fieldset">
        <legend>Permissions</legend>
        {DOCK_PERMISSIONS.map((permission) => (
          <div key={permission}>
            <label className="admin-check">
              <input
                type="checkbox"
                checked={values.permissions.includes(permission)}
                disabled={save.busy}
                aria-describedby={`${id}-permission-${permission}`}
                onChange={(e) =>
                  set({ permissions: toggle(values.permissions, permission, e.target.checked) })
                }
              />{' '}
              {PERMISSION_LABELS[permission].label}
            </label>
            <p id={`${id}-permission-${permission}`} className="hint">
              {PERMISSION_LABELS[permission].explanation}
            </p>
          </div>
        ))}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Networks</legend>
        {choices.map((choice) => (
          <label key={choice.id} className="admin-check">
            <input
              type="checkbox"
              checked={values.networks.includes(choice.id)}
              disabled={save.busy}
              onChange={(e) => set({ networks: toggle(values.networks, choice.id, e.target.checked) })}
            />{' '}
            {choice.label}
            {choice.hidden && <span className="muted"> (not shown to wallets)</span>}
          </label>
        ))}
      </fieldset>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={values.enabled}
          disabled={save.busy}
          onChange={(e) => set({ enabled: e.target.checked })}
        />{' '}
        In the dock
      </label>
      {problem && (
        <p role="alert" className="alert alert--error">
          {problem}
        </p>
      )}
      <SaveOutcome error={save.error} notice={null} />
      <div className="actions">
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          {editing ? 'Save changes' : 'Add app'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
