import type { AdminDefiVault, AdminDefiVaultRequest } from '@stratos/schemas'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { fieldsNamedIn, toVaultRequest, type VaultFormValues } from './toVaultRequest'

/** The API accepts up to 20 tokens per vault. */
const MAX_ASSETS = 20

type AssetRow = VaultFormValues['assets'][number] & { key: number }

const ADAPTERS = [
  { name: 'aaveV3', label: 'Aave v3 adapter' },
  { name: 'uniswapV3', label: 'Uniswap v3 adapter' },
  { name: 'compoundV2', label: 'Compound v2 adapter' },
] as const

export interface DefiVaultFormProps {
  id: string
  onRegistered(vault: AdminDefiVault): Promise<void>
  onCancel(): void
}

/**
 * Registers (or replaces) a party's vault. The form is checked against the request schema first;
 * then the API checks the vault on chain, and its message, which names the field that did not
 * match, is shown under the form with that field marked invalid.
 */
export function DefiVaultForm({ id, onRegistered, onCancel }: DefiVaultFormProps) {
  const [values, setValues] = useState<Omit<VaultFormValues, 'assets'>>({
    partyId: '',
    address: '',
    adapters: { aaveV3: '', uniswapV3: '', compoundV2: '' },
    cToken: '',
    swapFee: '',
  })
  const nextKey = useRef(1)
  const [assets, setAssets] = useState<AssetRow[]>([{ key: 0, symbol: '', address: '', decimals: '' }])
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [attempt, setAttempt] = useState(0)
  const form = useRef<HTMLFormElement>(null)

  const register = useAction(async (body: AdminDefiVaultRequest) => {
    await onRegistered(await api.admin.defiVaults.register(body))
  })
  const named = new Set(register.error ? fieldsNamedIn(register.error) : [])

  // After a refused submit, take the person to the first field to fix.
  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [attempt])

  const forget = (path: string) => setProblems(({ [path]: _, ...rest }) => rest)

  const field = (path: string, label: string, value: string, onChange: (v: string) => void) => ({
    id: `${id}-${path.replaceAll('.', '-')}`,
    label,
    value,
    onChange: (next: string) => {
      onChange(next)
      forget(path)
    },
    error: problems[path],
    // The API named this field: mark it, its message is under the form.
    ...(named.has(path) && !problems[path] ? { 'aria-invalid': true as const } : {}),
    spellCheck: false,
    disabled: register.busy,
  })

  const setAsset = (key: number, change: Partial<VaultFormValues['assets'][number]>) =>
    setAssets((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)))

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    register.reset()
    const result = toVaultRequest({ ...values, assets })
    setAttempt((n) => n + 1)
    if (!result.ok) return setProblems(result.problems)
    setProblems({})
    void register.run(result.request)
  }

  const invalid = Object.keys(problems).length > 0

  return (
    <form
      ref={form}
      id={id}
      className="panel form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={register.busy}
      aria-labelledby={`${id}-title`}
    >
      <div>
        <h3 id={`${id}-title`}>Register a vault</h3>
        <p className="hint">
          A party that has a vault gets this one instead. Nothing is stored unless the vault on chain matches.
        </p>
      </div>
      <TextField
        {...field('partyId', 'Party id', values.partyId, (partyId) => setValues((v) => ({ ...v, partyId })))}
        className="mono"
        placeholder="alice::1220…"
        hint="The Canton party whose intents the vault runs (shown in the user's Canton card)."
      />
      <TextField
        {...field('address', 'Vault address', values.address, (address) =>
          setValues((v) => ({ ...v, address })),
        )}
        className="mono"
        placeholder="0x…"
      />
      <fieldset className="admin-fieldset" disabled={register.busy}>
        <legend>Adapters</legend>
        <p className="hint">Each must be allowed on the vault.</p>
        <div className="admin-row">
          {ADAPTERS.map(({ name, label }) => (
            <TextField
              key={name}
              {...field(`adapters.${name}`, label, values.adapters[name], (address) =>
                setValues((v) => ({ ...v, adapters: { ...v.adapters, [name]: address } })),
              )}
              className="mono"
              placeholder="0x…"
            />
          ))}
        </div>
      </fieldset>
      <div className="admin-row">
        <TextField
          {...field('cToken', 'cToken (optional)', values.cToken, (cToken) =>
            setValues((v) => ({ ...v, cToken })),
          )}
          className="mono"
          placeholder="0x…"
          hint="For Compound v2 supply and redeem. Blank: the vault offers neither."
        />
        <TextField
          {...field('swapFee', 'Swap fee (optional)', values.swapFee, (swapFee) =>
            setValues((v) => ({ ...v, swapFee })),
          )}
          inputMode="numeric"
          placeholder="3000"
          hint="Uniswap v3 fee tier in hundredths of a bip: 3000 is 0.3% (the default)."
        />
      </div>
      <fieldset className="admin-fieldset" disabled={register.busy}>
        <legend>Tokens</legend>
        <p className="hint">The tokens the wallet shows balances of. Decimals must match the token's.</p>
        {assets.map((row, i) => (
          <fieldset key={row.key} className="admin-asset">
            <legend className="visually-hidden">Token {i + 1}</legend>
            <TextField
              {...field(`assets.${i}.symbol`, 'Symbol', row.symbol, (symbol) =>
                setAsset(row.key, { symbol }),
              )}
              placeholder="USDC"
            />
            <TextField
              {...field(`assets.${i}.address`, 'Token address', row.address, (address) =>
                setAsset(row.key, { address }),
              )}
              className="mono"
              placeholder="0x…"
            />
            <TextField
              {...field(`assets.${i}.decimals`, 'Decimals', row.decimals, (decimals) =>
                setAsset(row.key, { decimals }),
              )}
              inputMode="numeric"
              placeholder="18"
            />
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={`Remove token ${i + 1}`}
              onClick={() => {
                setAssets((rows) => rows.filter((r) => r.key !== row.key))
                // Problems are keyed by position, which this shifts.
                setProblems((all) =>
                  Object.fromEntries(Object.entries(all).filter(([path]) => !path.startsWith('assets'))),
                )
              }}
              disabled={assets.length === 1}
            >
              Remove
            </button>
          </fieldset>
        ))}
        {problems.assets && <p className="field-error">Tokens: {problems.assets}</p>}
        <div>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => {
              const key = nextKey.current++
              setAssets((rows) => [...rows, { key, symbol: '', address: '', decimals: '' }])
            }}
            disabled={assets.length >= MAX_ASSETS}
          >
            Add token
          </button>
        </div>
      </fieldset>
      {invalid && (
        <p role="alert" className="alert alert--error">
          Check the fields marked above.
        </p>
      )}
      {register.error && (
        <p role="alert" className="alert alert--error break">
          {register.error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={register.busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={register.busy}>
          {register.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Check and register
        </button>
      </div>
    </form>
  )
}
