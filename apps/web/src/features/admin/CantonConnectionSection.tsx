import type { AdminCantonResponse, AdminCantonUpdateRequest } from '@stratos/schemas'
import { type UseQueryResult, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { Spinner } from '../../lib/ui/Spinner'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminCantonKey, adminPackagesKey } from './queries'

const SOURCE_LABEL: Record<AdminCantonResponse['source'], string> = {
  settings: 'Set in this console',
  env: 'Environment (CANTON_* variables)',
  none: 'Not configured',
}

/** The Canton participant the instance uses: what it is, whether it answers, and a form to change it. */
export function CantonConnectionSection({ query }: { query: UseQueryResult<AdminCantonResponse> }) {
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const connection = query.data
  const formId = useId()

  return (
    <section className="card" aria-labelledby="admin-canton-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-canton-heading">Canton connection</h2>
          <p className="muted">
            The participant's JSON Ledger API. A connection set here wins over the environment and applies at
            once.
          </p>
        </div>
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void query.refetch()}
            disabled={query.isFetching}
          >
            Check again
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={editing}
            aria-controls={formId}
            onClick={() => {
              setEditing(!editing)
              setSaved(null)
            }}
            disabled={!connection}
          >
            {editing ? 'Close editor' : 'Edit connection'}
          </button>
        </div>
      </header>

      <QueryStatus query={query} loading="Asking the participant…" />
      {connection && <ConnectionDetails connection={connection} checking={query.isFetching} />}
      {saved && (
        <p role="status" className="alert alert--success">
          {saved}
        </p>
      )}
      {editing && connection && (
        <ConnectionForm
          id={formId}
          connection={connection}
          onSaved={(next) => {
            setEditing(false)
            setSaved(
              `Saved. The participant at ${next.url} answers${next.version ? ` (Ledger API ${next.version})` : ''}.`,
            )
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </section>
  )
}

function ConnectionDetails({ connection, checking }: { connection: AdminCantonResponse; checking: boolean }) {
  const { auth } = connection
  return (
    <dl className="admin-facts">
      <div>
        <dt>Source</dt>
        <dd>
          <span className={`pill admin-source admin-source--${connection.source}`}>
            {SOURCE_LABEL[connection.source]}
          </span>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          {checking ? (
            <Spinner label="Checking…" />
          ) : connection.source === 'none' ? (
            <span className="muted">No participant</span>
          ) : connection.reachable ? (
            <span className="pill pill--unlocked">Reachable</span>
          ) : (
            <span className="pill admin-pill--down">Unreachable</span>
          )}
          {!checking && connection.source !== 'none' && connection.error && (
            <span className="small admin-error">{connection.error}</span>
          )}
        </dd>
      </div>
      {connection.url && (
        <div>
          <dt>Participant URL</dt>
          <dd>
            <code className="mono break">{connection.url}</code>
          </dd>
        </div>
      )}
      {connection.version && (
        <div>
          <dt>Ledger API version</dt>
          <dd>{connection.version}</dd>
        </div>
      )}
      {auth && (
        <div>
          <dt>Authentication</dt>
          <dd>
            {auth.kind === 'token'
              ? 'Static token'
              : auth.kind === 'oauth2'
                ? `OAuth2 client ${auth.clientId ?? ''} at ${auth.tokenUrl ?? ''}, for user ${auth.userId ?? '(none)'}`
                : `HS256 JWT for user ${auth.userId ?? '(none)'}`}
            {auth.audience && `, audience ${auth.audience}`}
            {auth.scope && `, scope ${auth.scope}`} ·{' '}
            {auth.hasSecret ? (auth.kind === 'token' ? 'token set' : 'secret set') : 'no secret'}
          </dd>
        </div>
      )}
      {connection.source !== 'none' && (
        <div>
          <dt>Synchronizer</dt>
          <dd>
            {connection.synchronizerId ? (
              <code className="mono break">{connection.synchronizerId}</code>
            ) : (
              'First connected synchronizer'
            )}
          </dd>
        </div>
      )}
      {connection.source !== 'none' && (
        <div>
          <dt>Token registry</dt>
          <dd>
            {connection.registry ? (
              <>
                <code className="mono break">{connection.registry.url}</code>
                {connection.registry.hasToken ? ' · token set' : ' · no token'}
              </>
            ) : (
              'None (nothing can be sent)'
            )}
          </dd>
        </div>
      )}
      {connection.source !== 'none' && (
        <div>
          <dt>Instrument</dt>
          <dd>
            {connection.instrument ? (
              <>
                {connection.instrument.id} by{' '}
                <code className="mono break">{connection.instrument.admin}</code>
              </>
            ) : (
              'None (holdings only)'
            )}
          </dd>
        </div>
      )}
    </dl>
  )
}

type Kind = NonNullable<AdminCantonResponse['auth']>['kind']
type ClientAuth = 'client_secret_basic' | 'client_secret_post'

interface ConnectionFormProps {
  id: string
  connection: AdminCantonResponse
  onSaved(next: AdminCantonResponse): void
  onCancel(): void
}

/** URL, synchronizer, credentials and instrument. A secret left blank keeps the one in use. */
function ConnectionForm({ id, connection, onSaved, onCancel }: ConnectionFormProps) {
  const queryClient = useQueryClient()
  const [url, setUrl] = useState(connection.url ?? '')
  const [synchronizerId, setSynchronizerId] = useState(connection.synchronizerId ?? '')
  const [kind, setKind] = useState<Kind>(connection.auth?.kind ?? 'oauth2')
  const [token, setToken] = useState('')
  const [secret, setSecret] = useState('')
  const [tokenUrl, setTokenUrl] = useState(connection.auth?.tokenUrl ?? '')
  const [clientId, setClientId] = useState(connection.auth?.clientId ?? '')
  const [scope, setScope] = useState(connection.auth?.scope ?? '')
  const [clientAuth, setClientAuth] = useState<ClientAuth>(
    connection.auth?.clientAuth ?? 'client_secret_basic',
  )
  const [userId, setUserId] = useState(connection.auth?.userId ?? '')
  const [audience, setAudience] = useState(connection.auth?.audience ?? '')
  const [instrumentAdmin, setInstrumentAdmin] = useState(connection.instrument?.admin ?? '')
  const [instrumentId, setInstrumentId] = useState(connection.instrument?.id ?? '')
  const [registryUrl, setRegistryUrl] = useState(connection.registry?.url ?? '')
  const [registryToken, setRegistryToken] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // A secret can be kept only for the same kind of credentials (and the server checks the URL too).
  const canKeep = connection.auth?.kind === kind && connection.auth.hasSecret

  const save = useAction(async (body: AdminCantonUpdateRequest) => {
    const next = await api.admin.updateCanton(body)
    queryClient.setQueryData(adminCantonKey, next)
    // The wallet's Canton views and the admin lists follow the new participant.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
      queryClient.invalidateQueries({ queryKey: adminPackagesKey }),
      queryClient.invalidateQueries({ queryKey: ['canton'] }),
    ])
    onSaved(next)
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const trimmed = (value: string) => value.trim() || undefined
    if (Boolean(trimmed(instrumentAdmin)) !== Boolean(trimmed(instrumentId))) {
      setProblem('Instrument: give both the admin party and the instrument id, or neither.')
      return
    }
    if (trimmed(instrumentId) && !trimmed(registryUrl)) {
      setProblem(
        'Token registry URL: Required with an instrument (the participant does not serve the registry API).',
      )
      return
    }
    if (kind !== 'token' && !trimmed(userId)) {
      setProblem('Ledger API user id: Required (the user the tokens name).')
      return
    }
    if (kind === 'oauth2' && (!trimmed(tokenUrl) || !trimmed(clientId))) {
      setProblem('OAuth2: give the token endpoint and the client id.')
      return
    }
    setProblem(null)
    const admin = trimmed(instrumentAdmin)
    const instrument = trimmed(instrumentId)
    const body: AdminCantonUpdateRequest = {
      url: url.trim(),
      ...(trimmed(synchronizerId) ? { synchronizerId: synchronizerId.trim() } : {}),
      auth:
        kind === 'token'
          ? { kind, ...(token ? { token } : {}) }
          : kind === 'oauth2'
            ? {
                kind,
                tokenUrl: tokenUrl.trim(),
                clientId: clientId.trim(),
                userId: userId.trim(),
                ...(secret ? { clientSecret: secret } : {}),
                ...(trimmed(audience) ? { audience: audience.trim() } : {}),
                ...(trimmed(scope) ? { scope: scope.trim() } : {}),
                clientAuth,
              }
            : {
                kind,
                userId: userId.trim(),
                ...(secret ? { secret } : {}),
                ...(trimmed(audience) ? { audience: audience.trim() } : {}),
              },
      ...(admin && instrument ? { instrument: { admin, id: instrument } } : {}),
      ...(trimmed(registryUrl)
        ? { registry: { url: registryUrl.trim(), ...(registryToken ? { token: registryToken } : {}) } }
        : {}),
    }
    void save.run(body)
  }

  const error = problem ?? save.error
  return (
    <form id={id} className="panel form" onSubmit={onSubmit} noValidate aria-busy={save.busy}>
      <h3>Change the connection</h3>
      <TextField
        id={`${id}-url`}
        label="Participant URL"
        className="mono"
        type="url"
        value={url}
        onChange={setUrl}
        placeholder="https://participant.example.com"
        spellCheck={false}
        required
        disabled={save.busy}
      />
      <TextField
        id={`${id}-sync`}
        label="Synchronizer id (optional)"
        className="mono"
        value={synchronizerId}
        onChange={setSynchronizerId}
        placeholder="The participant's first connected synchronizer"
        spellCheck={false}
        disabled={save.busy}
      />
      <div className="field">
        <label htmlFor={`${id}-kind`}>Authentication</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          disabled={save.busy}
        >
          <option value="oauth2">OAuth2 client credentials (the participant's identity provider)</option>
          <option value="token">Static bearer token</option>
          <option value="jwt">HS256 JWT secret (only for a participant with unsafe-jwt-hmac-256)</option>
        </select>
      </div>
      {kind === 'oauth2' && (
        <>
          <TextField
            id={`${id}-token-url`}
            label="Token endpoint"
            className="mono"
            type="url"
            value={tokenUrl}
            onChange={setTokenUrl}
            placeholder="https://login.example.com/oauth/token"
            spellCheck={false}
            disabled={save.busy}
          />
          <div className="admin-row">
            <TextField
              id={`${id}-client-id`}
              label="Client id"
              value={clientId}
              onChange={setClientId}
              spellCheck={false}
              disabled={save.busy}
            />
            <div className="field">
              <label htmlFor={`${id}-client-auth`}>Client authentication</label>
              <select
                id={`${id}-client-auth`}
                value={clientAuth}
                onChange={(e) => setClientAuth(e.target.value as ClientAuth)}
                disabled={save.busy}
              >
                <option value="client_secret_basic">HTTP Basic (client_secret_basic)</option>
                <option value="client_secret_post">In the body (client_secret_post)</option>
              </select>
            </div>
          </div>
          <TextField
            id={`${id}-scope`}
            label="Scope (optional)"
            value={scope}
            onChange={setScope}
            placeholder="daml_ledger_api"
            spellCheck={false}
            disabled={save.busy}
          />
        </>
      )}
      {kind === 'token' ? (
        <TextField
          id={`${id}-token`}
          label="Token"
          className="mono"
          type="password"
          value={token}
          onChange={setToken}
          placeholder={canKeep ? 'Leave blank to keep the current token' : 'Bearer token'}
          disabled={save.busy}
        />
      ) : (
        <>
          <TextField
            id={`${id}-secret`}
            label={"{kind === 'oauth2' ? 'Client secret' : 'JWT secret'}"}
            className="mono"
            type="password"
            value={secret}
            onChange={setSecret}
            placeholder={
              canKeep
                ? 'Leave blank to keep the current secret'
                : kind === 'oauth2'
                  ? 'Client secret'
                  : 'HS256 secret'
            }
            disabled={save.busy}
          />
          <div className="admin-row">
            <TextField
              id={`${id}-user`}
              label="Ledger API user id (the tokens' sub)"
              value={userId}
              onChange={setUserId}
              spellCheck={false}
              disabled={save.busy}
            />
            <TextField
              id={`${id}-audience`}
              label="Audience (optional)"
              value={audience}
              onChange={setAudience}
              spellCheck={false}
              disabled={save.busy}
            />
          </div>
        </>
      )}
      <div className="admin-row">
        <TextField
          id={`${id}-instrument-admin`}
          label="Instrument admin party (optional)"
          className="mono"
          value={instrumentAdmin}
          onChange={setInstrumentAdmin}
          placeholder="registry::1220…"
          spellCheck={false}
          disabled={save.busy}
        />
        <TextField
          id={`${id}-instrument-id`}
          label="Instrument id"
          value={instrumentId}
          onChange={setInstrumentId}
          placeholder="USDX"
          spellCheck={false}
          disabled={save.busy}
        />
      </div>
      <div className="admin-row">
        <TextField
          id={`${id}-registry-url`}
          label="Token registry URL (required with an instrument)"
          className="mono"
          type="url"
          value={registryUrl}
          onChange={setRegistryUrl}
          placeholder="https://validator.example.com/api/validator/v0/scan-proxy"
          spellCheck={false}
          disabled={save.busy}
        />
        <TextField
          id={`${id}-registry-token`}
          label="Registry token (optional)"
          className="mono"
          type="password"
          value={registryToken}
          onChange={setRegistryToken}
          placeholder={
            connection.registry?.hasToken ? 'Leave blank to keep the current token' : 'Bearer token'
          }
          disabled={save.busy}
        />
      </div>
      <p className="hint">
        The token registry is the instrument admin's off-ledger API (for Canton Coin, a validator's
        scan-proxy, which wants the validator user's token). Saved only if the participant answers with these
        credentials. Secrets are stored on the server and never shown again.
      </p>
      {error && (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Save connection
        </button>
      </div>
    </form>
  )
}
