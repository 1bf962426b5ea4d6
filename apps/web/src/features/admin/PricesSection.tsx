import {
  type AdminPriceSettings,
  type AdminPriceSettingsRequest,
  PRICE_TTL_SECONDS,
  type PriceApiKeyHeader,
  routes,
} from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { callApi } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { adminPricesKey, useAdminPrices } from './pricesQueries'
import { adminAuditKey } from './queries'
import { SaveOutcome } from './SaveOutcome'

const HEADER_LABEL: Record<PriceApiKeyHeader, string> = {
  'x-cg-demo-api-key': 'Demo plan (x-cg-demo-api-key)',
  'x-cg-pro-api-key': 'Paid plan (x-cg-pro-api-key)',
}

/** The price provider: fiat values beside balances come from it, through the server's cache. */
export function PricesSection() {
  const settings = useAdminPrices()
  return (
    <section className="card" aria-labelledby="admin-prices-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-prices-heading">Prices</h2>
          <p className="muted">
            Fiat values beside balances, from a CoinGecko-compatible API. Without prices, or while the
            provider fails, balances still show and their value reads “unavailable”.
          </p>
        </div>
      </header>
      <QueryStatus query={settings} loading="Loading the price settings…" />
      {settings.data && <PricesForm settings={settings.data} />}
    </section>
  )
}

/** On/off, URL, key (write-only), currency and TTL; saved only when the provider answers. */
function PricesForm({ settings }: { settings: AdminPriceSettings }) {
  const queryClient = useQueryClient()
  const id = useId()
  const [enabled, setEnabled] = useState(settings.enabled)
  const [baseUrl, setBaseUrl] = useState(settings.baseUrl)
  const [apiKeyHeader, setApiKeyHeader] = useState<PriceApiKeyHeader>(settings.apiKeyHeader)
  const [apiKey, setApiKey] = useState('')
  const [removeKey, setRemoveKey] = useState(false)
  const [currency, setCurrency] = useState(settings.currency)
  const [ttl, setTtl] = useState(String(settings.ttlSeconds))
  const [problems, setProblems] = useState<{ currency?: string; ttl?: string }>({})
  const [notice, setNotice] = useState<string | null>(null)

  const save = useAction(async (body: AdminPriceSettingsRequest) => {
    const saved = await callApi(routes.adminUpdatePrices, { body })
    queryClient.setQueryData(adminPricesKey, saved)
    setApiKey('')
    setRemoveKey(false)
    setNotice(
      saved.enabled
        ? `Saved. The provider answers and prices in ${saved.currency.toUpperCase()}; prices are kept ${saved.ttlSeconds} s.`
        : 'Saved. Prices are off: values read “unavailable”.',
    )
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
      queryClient.invalidateQueries({ queryKey: ['prices'] }),
    ])
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setNotice(null)
    const code = currency.trim().toLowerCase()
    const seconds = Number(ttl)
    const found: typeof problems = {}
    if (!/^[a-z]{3}$/.test(code)) found.currency = 'Enter a three-letter code, such as usd or eur.'
    if (!/^\d+$/.test(ttl.trim()) || seconds < PRICE_TTL_SECONDS.min || seconds > PRICE_TTL_SECONDS.max)
      found.ttl = `Enter a whole number of seconds from ${PRICE_TTL_SECONDS.min} to ${PRICE_TTL_SECONDS.max}.`
    setProblems(found)
    if (found.currency || found.ttl) return
    void save.run({
      enabled,
      baseUrl: baseUrl.trim(),
      apiKeyHeader,
      ...(removeKey ? { apiKey: null } : apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      currency: code,
      ttlSeconds: seconds,
    })
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-busy={save.busy}>
      <dl className="admin-facts">
        <div>
          <dt>Status</dt>
          <dd>
            {settings.enabled ? (
              <span className="pill pill--unlocked">On</span>
            ) : (
              <span className="pill">Off</span>
            )}
            {!settings.saved && <span className="small muted"> (never set: the defaults)</span>}
          </dd>
        </div>
        <div>
          <dt>API key</dt>
          <dd>{settings.hasApiKey ? 'Set (never shown again)' : 'None (keyless access)'}</dd>
        </div>
        <div>
          <dt>When the provider fails</dt>
          <dd>
            The last prices are served up to {Math.round(settings.maxStaleSeconds / 60)} minutes past their
            TTL, then “unavailable”
          </dd>
        </div>
      </dl>
      <div className="field">
        <label htmlFor={`${id}-enabled`}>Prices</label>
        <select
          id={`${id}-enabled`}
          value={enabled ? 'on' : 'off'}
          onChange={(e) => setEnabled(e.target.value === 'on')}
          disabled={save.busy}
        >
          <option value="on">On: show fiat values beside balances</option>
          <option value="off">Off</option>
        </select>
      </div>
      <TextField
        id={`${id}-url`}
        label="API base URL"
        className="mono"
        type="url"
        value={baseUrl}
        onChange={setBaseUrl}
        placeholder="https://api.coingecko.com/api/v3"
        spellCheck={false}
        required
        disabled={save.busy}
      />
      <div className="admin-row">
        <div className="field">
          <label htmlFor={`${id}-header`}>Key header</label>
          <select
            id={`${id}-header`}
            value={apiKeyHeader}
            onChange={(e) => setApiKeyHeader(e.target.value as PriceApiKeyHeader)}
            disabled={save.busy}
          >
            {(Object.keys(HEADER_LABEL) as PriceApiKeyHeader[]).map((header) => (
              <option key={header} value={header}>
                {HEADER_LABEL[header]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-key`}
          label="API key"
          className="mono"
          type="password"
          value={apiKey}
          onChange={(value) => {
            setApiKey(value)
            if (value) setRemoveKey(false)
          }}
          placeholder={settings.hasApiKey ? 'Leave blank to keep the current key' : 'Optional'}
          disabled={save.busy || removeKey}
        />
      </div>
      {settings.hasApiKey && (
        <p className="hint">
          {removeKey ? 'The key is removed when you save: requests go without one. ' : ''}
          <button
            type="button"
            className="button button--ghost button--small"
            aria-pressed={removeKey}
            onClick={() => {
              setRemoveKey(!removeKey)
              setApiKey('')
            }}
            disabled={save.busy}
          >
            {removeKey ? 'Keep the key' : 'Remove the key'}
          </button>
        </p>
      )}
      <div className="admin-row">
        <TextField
          id={`${id}-currency`}
          label="Currency"
          value={currency}
          onChange={setCurrency}
          placeholder="usd"
          spellCheck={false}
          maxLength={3}
          error={problems.currency}
          disabled={save.busy}
        />
        <TextField
          id={`${id}-ttl`}
          label="Keep prices for (seconds)"
          inputMode="numeric"
          value={ttl}
          onChange={setTtl}
          error={problems.ttl}
          disabled={save.busy}
        />
      </div>
      <p className="hint">
        Saved only if the provider answers with this key and prices in this currency. The key is stored sealed
        on the server and never shown again; it is kept for the same server when left blank. Each server
        process keeps its own cache of prices.
      </p>
      <SaveOutcome error={save.error} notice={notice} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Save prices
        </button>
      </div>
    </form>
  )
}
