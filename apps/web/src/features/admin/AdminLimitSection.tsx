import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminUserSettingsKey, useAdminUserSettings } from './queries'
import { SaveOutcome } from './SaveOutcome'

/** The most admins the instance allows: promotions, admin invites and enabling admins stop there. */
export function AdminLimitSection() {
  const queryClient = useQueryClient()
  const settings = useAdminUserSettings()
  const id = useId()
  const [value, setValue] = useState('')
  const [invalid, setInvalid] = useState<string | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const current = settings.data?.maxAdmins

  useEffect(() => {
    if (current !== undefined) setValue(String(current))
  }, [current])

  const save = useAction(async (maxAdmins: number) => {
    const saved = await api.admin.users.updateSettings({ maxAdmins })
    setNotice(`Saved: at most ${saved.maxAdmins} admins.`)
    queryClient.setQueryData(adminUserSettingsKey, saved)
    await queryClient.invalidateQueries({ queryKey: adminAuditKey })
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setNotice(null)
    const number = Number(value)
    if (!/^\d+$/.test(value.trim()) || number < 1 || number > 1000)
      return setInvalid('Enter a whole number from 1 to 1000.')
    setInvalid(undefined)
    void save.run(number)
  }

  return (
    <section className="card" aria-labelledby="admin-limit-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-limit-heading">Admin roles</h2>
          <p className="muted">
            {settings.data
              ? `This instance has ${settings.data.adminCount} enabled admin${settings.data.adminCount === 1 ? '' : 's'}. `
              : ''}
            Promotions, admin invites and enabling an admin stop at the number below; the last admin can never
            be demoted or disabled.
          </p>
        </div>
      </header>
      <QueryStatus query={settings} loading="Loading the users settings…" />
      {settings.data && (
        <form className="admin-search" onSubmit={onSubmit} noValidate aria-busy={save.busy}>
          <TextField
            id={`${id}-max`}
            label="Most admins allowed"
            inputMode="numeric"
            value={value}
            onChange={setValue}
            error={invalid}
            disabled={save.busy}
          />
          <button type="submit" className="button button--secondary" disabled={save.busy}>
            {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            Save
          </button>
        </form>
      )}
      <SaveOutcome error={save.error} notice={notice} />
    </section>
  )
}
