import { DOCK_CHANNEL, type DockApi, RPC_ERROR } from '@stratos/dock-sdk'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import { useSession } from '../../lib/session'
import type { CantonDappHandler } from '../canton'
import { createApprovalQueue } from './approvalQueue'
import { createDockBridge, type DockFrameRef, postToApp } from './bridge'
import type { CantonDappIntegration } from './cantonDapp'
import { createDockDispatcher } from './createDockDispatcher'
import type { DockApp } from './dockApi'
import { dockWalletInfo } from './dockWalletInfo'
import { proxyEvmRequest } from './evm/evmRequest'
import {
  DOCK_APPS_CHECK_AGE_MS,
  dockAppsQuery,
  dockCantonPartyQuery,
  dockGrantsQuery,
  dockNetworksQuery,
} from './queries'

/**
 * The dock page's side of the channel: one `message` listener (the bridge), the dispatcher that
 * answers the apps' requests, and the approval queue the page shows. `frameRef(app)` is the ref
 * callback of each app's iframe.
 */
export function useDockBridge(apps: readonly DockApp[], canton: CantonDappIntegration | null) {
  const session = useSession()
  const queryClient = useQueryClient()
  const sessionRef = useRef(session)
  sessionRef.current = session
  const appsRef = useRef(apps)
  appsRef.current = apps
  const iframes = useRef(new Map<string, HTMLIFrameElement>())
  const queue = useMemo(createApprovalQueue, [])
  const head = useSyncExternalStore(queue.subscribe, queue.head)

  const frameOf = useCallback((appId: string): DockFrameRef | null => {
    const app = appsRef.current.find((a) => a.id === appId)
    const iframe = iframes.current.get(appId)
    return app && iframe ? { appId, origin: app.origin, window: iframe.contentWindow } : null
  }, [])

  const emit = useCallback(
    (appId: string, api: DockApi, event: string, data: unknown) => {
      const frame = frameOf(appId)
      if (frame) postToApp(frame, { channel: DOCK_CHANNEL, kind: 'event', api, event, data })
    },
    [frameOf],
  )

  /** The app `appId` as the server lists it, at most DOCK_APPS_CHECK_AGE_MS old; null once it left the dock. */
  const current = useCallback(
    async (appId: string) =>
      (await queryClient.fetchQuery({ ...dockAppsQuery, staleTime: DOCK_APPS_CHECK_AGE_MS })).find(
        (a) => a.id === appId,
      ) ?? null,
    [queryClient],
  )

  const dispatcher = useMemo(() => {
    const handlers = new Map<string, CantonDappHandler>()
    return createDockDispatcher({
      networks: () => queryClient.fetchQuery(dockNetworksQuery),
      grant: async (appId) =>
        (await queryClient.fetchQuery(dockGrantsQuery)).find((g) => g.appId === appId) ?? null,
      evmAddress: () => sessionRef.current.me?.addresses?.evm ?? sessionRef.current.derived?.evm ?? null,
      cantonParty: () => queryClient.fetchQuery(dockCantonPartyQuery).catch(() => null),
      approve: (request) => queue.enqueue(request),
      evmRequest: proxyEvmRequest,
      emit,
      canton(app) {
        if (!canton) return null
        let handler = handlers.get(app.id)
        if (!handler) {
          handler = canton.createHandler({
            vault: () => sessionRef.current.vault,
            approve: async (review) => (await queue.enqueue({ kind: 'canton', app, review })) === true,
            emit: (event, data) => emit(app.id, 'cip0103', event, data),
          })
          handlers.set(app.id, handler)
        }
        return handler
      },
    })
  }, [queryClient, queue, emit, canton])

  useEffect(() => {
    const remove = createDockBridge({
      target: window,
      frames: () => appsRef.current.map((a) => frameOf(a.id)).filter((f): f is DockFrameRef => f !== null),
      onMessage(appId, message) {
        const frame = frameOf(appId)
        const app = appsRef.current.find((a) => a.id === appId)
        if (!frame || !app) return
        if (message.kind === 'hello') {
          postToApp(frame, {
            channel: DOCK_CHANNEL,
            kind: 'welcome',
            wallet: dockWalletInfo(sessionRef.current.config.brand, window.location.hostname),
          })
          return
        }
        const { id } = message
        // Checked against the app as the server has it now, not as the page first loaded it.
        current(appId)
          .then((now) => {
            if (!now)
              throw new DockRpcFailure(RPC_ERROR.unauthorized, `${app.name} is no longer in your dock.`)
            return dispatcher.dispatch(now, message)
          })
          .then(
            (result) =>
              postToApp(frame, { channel: DOCK_CHANNEL, kind: 'response', id, result: result ?? null }),
            (error: unknown) => {
              const failure =
                error instanceof DockRpcFailure
                  ? error
                  : new DockRpcFailure(RPC_ERROR.internal, 'The wallet failed to answer the request.')
              postToApp(frame, {
                channel: DOCK_CHANNEL,
                kind: 'response',
                id,
                error: {
                  code: failure.code,
                  message: failure.message,
                  ...(failure.data === undefined ? {} : { data: failure.data }),
                },
              })
            },
          )
      },
    })
    return remove
  }, [dispatcher, frameOf, current])

  // The page goes away: whatever waits for the user is refused.
  useEffect(
    () => () => queue.cancelAll(new DockRpcFailure(RPC_ERROR.disconnected, 'The wallet closed the dock.')),
    [queue],
  )

  const frameRef = useCallback(
    (appId: string) => (iframe: HTMLIFrameElement | null) => {
      if (iframe) iframes.current.set(appId, iframe)
      else iframes.current.delete(appId)
    },
    [],
  )

  return { head, frameRef, emit }
}
