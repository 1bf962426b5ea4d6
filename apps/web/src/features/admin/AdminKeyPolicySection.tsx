import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { adminAuditKey, adminUserSettingsKey, useAdminUserSettings } from './queries'
import { SaveOutcome } from './SaveOutcome'

/**
 * The admin key policy: admins use hardware security keys of the models the operator trusts
 * (ADMIN_KEY_METADATA_DIR). The server refuses to turn it on while an admin holds no such key.
 */
export function AdminKeyPolicySection() {
  const queryClient = useQueryClient()
  const settings = useAdminUserSettings()
  const [notice, setNotice] = useState<string | null>(null)

  const save = useAction(async (adminHardwareKeys: boolean) => {
    const saved = await api.admin.users.updateSettings({
      maxAdmins: settings.data!.maxAdmins,
      adminHardwareKeys,
    })
    setNotice(
      saved.adminHardwareKeys
        ? 'Saved: admins use hardware security keys.'
        : 'Saved: admins may use any passkey.',
    )
    queryClient.setQueryData(adminUserSettingsKey, saved)
    await queryClient.invalidateQueries({ queryKey: adminAuditKey })
  })

  const data = settings.data
  return (
    <section className="card" aria-labelledby="admin-keys-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-keys-heading">Admin security keys</h2>
          <p className="muted">
            When on, an account is an admin only holding a hardware security key of a trusted model (its
            attestation is checked when it is registered), and the admin console refuses a session signed in
            with any other passkey. Admin sessions end after a short lifetime and after a while unused,
            whether this is on or not.
          </p>
        </div>
      </header>
      <QueryStatus query={settings} loading="Loading the users settings…" />
      {data && (
        <>
          <p>
            {data.adminHardwareKeys
              ? 'On: admins use hardware security keys.'
              : 'Off: admins may use any passkey.'}{' '}
            {data.trustedKeyModels.length > 0
              ? `Trusted models: ${data.trustedKeyModels.join(', ')}.`
              : 'No model is trusted: the operator lists them in ADMIN_KEY_METADATA_DIR.'}
          </p>
          <button
            type="button"
            className="button button--secondary"
            disabled={save.busy}
            aria-busy={save.busy}
            onClick={() => {
              setNotice(null)
              void save.run(!data.adminHardwareKeys)
            }}
          >
            {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
            {data.adminHardwareKeys ? 'Stop requiring security keys' : 'Require security keys for admins'}
          </button>
        </>
      )}
      <SaveOutcome error={save.error} notice={notice} />
    </section>
  )
}
