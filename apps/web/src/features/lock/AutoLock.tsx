import { useSession } from '../../lib/session'
import { useAutoLock } from './useAutoLock'

/** Drops the keys after the instance's inactivity limit (`autoLockSeconds`). Renders nothing. */
export function AutoLock() {
  const { vault, config, lock } = useSession()
  useAutoLock({ enabled: vault !== null, seconds: config.autoLockSeconds, onLock: lock })
  return null
}
