import type { PublicNetwork } from '@stratos/schemas'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import { useSession } from '../../lib/session'
import { Spinner } from '../../lib/ui/Spinner'
import { useAction } from '../../lib/useAction'
import type { ApprovalRequest } from './approvalQueue'
import { grantsCanton, grantsEvm } from './createDockDispatcher'
import { CANTON_NETWORK, type DockGrant, putDockGrant } from './dockApi'
import { dockCantonPartyQuery, dockGrantsKey, dockGrantsQuery, dockNetworksQuery } from './queries'
import { type ApprovalBodyProps, RejectButton } from './RejectButton'

type ConnectRequest = Extract<ApprovalRequest, { kind: 'connect' }>

/**
 * The connect approval: which of the user's accounts (EVM address, Canton party) and which of the
 * app's networks it may use. "Connect" saves the grant (`PUT /api/me/dock-grants/:appId`).
 */
export function ConnectApproval({ request, settle, armed }: ApprovalBodyProps<ConnectRequest>) {
  const { app, api } = request
  const { me, derived } = useSession()
  const queryClient = useQueryClient()
  const id = useId()
  const networks = useQuery(dockNetworksQuery)
  const party = useQuery(dockCantonPartyQuery)
  const grants = useQuery(dockGrantsQuery)
  const evmAddress = me?.addresses?.evm ?? derived?.evm ?? null
  const existing = grants.data?.find((g) => g.appId === app.id) ?? null

  // Another request of this app may have connected it while this one waited.
  useEffect(() => {
    if (api === 'eip1193' ? grantsEvm(existing, evmAddress) : grantsCanton(existing, party.data ?? null))
      settle({ result: existing })
  }, [api, existing, evmAddress, party.data, settle])

  const evmNetworks = app.networks
    .map((n) => networks.data?.find((x) => x.id === n && x.family === 'evm'))
    .filter((n): n is PublicNetwork => n !== undefined)
  const offersCanton = app.networks.includes(CANTON_NETWORK) && !!party.data
  const [evmChecked, setEvmChecked] = useState(true)
  const [cantonChecked, setCantonChecked] = useState(true)
  const [chosen, setChosen] = useState<Set<string> | null>(null)
  const selected = chosen ?? new Set(evmNetworks.map((n) => n.id))

  const withEvm = evmChecked && !!evmAddress && evmNetworks.length > 0
  const withCanton = cantonChecked && offersCanton
  const grantNetworks = [
    ...(withEvm ? evmNetworks.filter((n) => selected.has(n.id)).map((n) => n.id) : []),
    ...(withCanton ? [CANTON_NETWORK] : []),
  ]
  const asked = api === 'eip1193' ? withEvm && grantNetworks.some((n) => n !== CANTON_NETWORK) : withCanton
  const connect = useAction(async () => {
    const grant: DockGrant = {
      appId: app.id,
      accounts: [...(withEvm ? [evmAddress!] : []), ...(withCanton ? [party.data!] : [])],
      networks: grantNetworks,
    }
    await putDockGrant(app.id, { accounts: grant.accounts, networks: grant.networks })
    queryClient.setQueryData<DockGrant[]>(dockGrantsKey, (old) => [
      ...(old ?? []).filter((g) => g.appId !== app.id),
      grant,
    ])
    void queryClient.invalidateQueries({ queryKey: dockGrantsKey })
    settle({ result: grant })
  })

  if (networks.isPending || party.isPending || grants.isPending)
    return (
      <p role="status" className="status">
        <Spinner label="Loading your accounts…" />
      </p>
    )

  return (
    <div className="review">
      <p>
        {app.name} will see the accounts you choose and may ask you to sign with them. Every signature still
        needs your approval here.
      </p>
      <fieldset className="dock-choices">
        <legend>Accounts</legend>
        {evmAddress && evmNetworks.length > 0 && (
          <label>
            <input type="checkbox" checked={evmChecked} onChange={(e) => setEvmChecked(e.target.checked)} />{' '}
            EVM account <code className="mono break">{evmAddress}</code>
          </label>
        )}
        {offersCanton && (
          <label>
            <input
              type="checkbox"
              checked={cantonChecked}
              onChange={(e) => setCantonChecked(e.target.checked)}
            />{' '}
            Canton party <code className="mono break">{party.data}</code>
          </label>
        )}
      </fieldset>
      {withEvm && (
        <fieldset className="dock-choices">
          <legend>EVM networks</legend>
          {evmNetworks.map((n) => (
            <label key={n.id}>
              <input
                type="checkbox"
                checked={selected.has(n.id)}
                onChange={(e) => {
                  const next = new Set(selected)
                  if (e.target.checked) next.add(n.id)
                  else next.delete(n.id)
                  setChosen(next)
                }}
              />{' '}
              {n.name}
              {n.chainId !== null && <span className="muted"> · chain id {n.chainId}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {!asked && (
        <p className="hint" id={`${id}-hint`}>
          {api === 'eip1193'
            ? `${app.name} asked for your EVM account: choose it and at least one network to connect.`
            : `${app.name} asked for your Canton party: choose it to connect.`}
        </p>
      )}
      {connect.error && (
        <p role="alert" className="alert alert--error">
          {connect.error}
        </p>
      )}
      <div className="actions">
        <RejectButton settle={settle} disabled={connect.busy} />
        <button
          type="button"
          className="button button--primary"
          disabled={!armed || !asked || connect.busy}
          aria-describedby={asked ? undefined : `${id}-hint`}
          onClick={() => void connect.run()}
        >
          {connect.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Connect
        </button>
      </div>
    </div>
  )
}
