import type { AdminDarUploadResponse } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { Spinner } from '../../lib/ui/Spinner'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminPackagesKey, useAdminPackages } from './queries'

/** The API refuses larger DARs; checked here first so nobody waits for a 50 MiB upload to fail. */
const DAR_MAX_BYTES = 50 * 1024 * 1024

/** The participant's packages, and DAR upload. */
export function PackagesSection({ configured }: { configured: boolean }) {
  const id = useId()
  const queryClient = useQueryClient()
  const packages = useAdminPackages(configured)
  const [file, setFile] = useState<File | null>(null)
  const [result, setResult] = useState<{ name: string; upload: AdminDarUploadResponse } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  const upload = useAction(async (dar: File) => {
    const answer = await api.admin.uploadDar(dar)
    setResult({ name: dar.name, upload: answer })
    setFile(null)
    if (input.current) input.current.value = ''
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: adminPackagesKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setResult(null)
    if (!file) return setProblem('Choose a .dar file first.')
    if (file.size > DAR_MAX_BYTES) return setProblem(`${file.name} is larger than 50 MiB.`)
    setProblem(null)
    void upload.run(file)
  }

  const fresh = new Set(result?.upload.packageIds)
  const ids = packages.data?.packageIds ?? []
  const error = problem ?? upload.error

  return (
    <section className="card" aria-labelledby="admin-packages-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-packages-heading">Packages</h2>
          <p className="muted">Daml packages on the participant. Upload a DAR to add its packages.</p>
        </div>
      </header>

      {!configured ? (
        <p className="muted">Set a Canton connection first.</p>
      ) : (
        <>
          <form className="admin-upload" onSubmit={onSubmit} aria-busy={upload.busy}>
            <div className="field">
              <label htmlFor={`${id}-dar`}>DAR file</label>
              <input
                ref={input}
                id={`${id}-dar`}
                type="file"
                accept=".dar,application/java-archive,application/zip,application/octet-stream"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null)
                  setProblem(null)
                }}
                disabled={upload.busy}
              />
            </div>
            <button type="submit" className="button button--primary" disabled={upload.busy || !file}>
              {upload.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
              Upload DAR
            </button>
          </form>
          {upload.busy && file && (
            <p role="status" className="status">
              <Spinner label={`Uploading ${file.name} to the participant…`} />
            </p>
          )}
          {result && (
            <p role="status" className="alert alert--success">
              {result.upload.packageIds.length > 0
                ? `Uploaded ${result.name}: ${
                    result.upload.mainPackageId
                      ? `main package ${result.upload.mainPackageId}`
                      : `${result.upload.packageIds.length} new packages`
                  }.`
                : `Uploaded ${result.name}: its packages were on the participant already.`}
            </p>
          )}
          {error && (
            <p role="alert" className="alert alert--error">
              {error}
            </p>
          )}

          <QueryStatus query={packages} loading="Loading packages…" />
          {packages.data && (
            <>
              <h3 className="admin-subheading">
                {ids.length} {ids.length === 1 ? 'package' : 'packages'}
              </h3>
              <ul className="admin-packages" aria-label="Packages on the participant">
                {ids.map((packageId) => (
                  <li key={packageId}>
                    <code className="mono break">{packageId}</code>
                    {fresh.has(packageId) && <span className="pill pill--unlocked">New</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}
