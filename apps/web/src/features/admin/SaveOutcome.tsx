/** What became of a settings form's last save: the refusal, or the notice that it was saved. */
export function SaveOutcome({ error, notice }: { error: string | null; notice: string | null }) {
  return (
    <>
      {error && (
        <p role="alert" className="alert alert--error">
          Not saved: {error}
        </p>
      )}
      {notice && (
        <p role="status" className="alert alert--success">
          {notice}
        </p>
      )}
    </>
  )
}
