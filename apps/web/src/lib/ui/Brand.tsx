/** The instance's mark and name, as every page header shows it. */
export function Brand({ name }: { name: string }) {
  return (
    <p className="brand">
      <span className="brand__mark" aria-hidden="true" />
      {name}
    </p>
  )
}
