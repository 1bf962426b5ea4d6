import { type RouteDefinition, routes } from '@stratos/schemas'

/** Whether an instance serves `route`: the development helpers only in dev mode. */
export function isServed(route: RouteDefinition, devMode: boolean): boolean {
  return devMode || !route.devOnly
}

/** The contract routes an instance serves. */
export function servedRoutes(devMode: boolean): Record<string, RouteDefinition> {
  return Object.fromEntries(
    Object.entries(routes as Record<string, RouteDefinition>).filter(([, route]) => isServed(route, devMode)),
  )
}
