/** Locking: inactivity auto-lock, the locked panel with "Unlock", and a manual lock button. */
export { AutoLock } from './AutoLock'
export { LockButton } from './LockButton'
export { LockPanel } from './LockPanel'
export { useAutoLock } from './useAutoLock'
