import { type RouteDefinition, routes } from '@stratos/schemas'

/** The contract routes an instance serves: the development helpers only in dev mode. */
export function servedRoutes(devMode: boolean): Record<string, RouteDefinition> {
  return Object.fromEntries(Object.entries(routes).filter(([, route]) => devMode || !('devOnly' in route)))
}
