/** An indeterminate progress indicator with a visible (or screen-reader-only) label. */
export function Spinner({ label, hideLabel = false }: { label: string; hideLabel?: boolean }) {
  return (
    <span className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      <span className={hideLabel ? 'visually-hidden' : 'spinner-label'}>{label}</span>
    </span>
  )
}
