output "database_name" {
  description = "The instance's PostgreSQL database."
  value       = postgresql_database.this.name
}

output "role_name" {
  description = "The login role that owns the database (the only role, besides superusers, allowed to connect)."
  value       = postgresql_role.this.name
}

output "kubernetes_namespace" {
  description = "The namespace holding the Secret stratos-secrets (the overlay's namespace must be the same)."
  value       = local.namespace
}

output "kubernetes_secret_name" {
  description = "The Secret the Deployment and the migration Job mount, or null when store_in_kubernetes is false."
  value       = one(kubernetes_secret_v1.this[*].metadata[0].name)
}

output "env" {
  description = "The instance's non-secret settings for stratos serve, with each secret as a *_FILE path (the Kubernetes mount)."
  value = {
    PUBLIC_ORIGIN       = var.origin
    RP_ID               = local.rp_id
    INSTANCE_NAME       = var.display_name
    SESSION_SECRET_FILE = "${local.secrets_dir}/session-secret"
    INSTANCE_KEY_FILE   = "${local.secrets_dir}/instance-key"
    DATABASE_URL_FILE   = "${local.secrets_dir}/database-url"
  }
}

output "database_url" {
  description = "DATABASE_URL of the instance (holds the role's password)."
  value       = local.database_url
  sensitive   = true
}

output "session_secret" {
  description = "SESSION_SECRET of the instance: 64 hex characters."
  value       = random_bytes.session_secret.hex
  sensitive   = true
}

output "instance_key" {
  description = "INSTANCE_KEY of the instance: 64 hex characters. Keep a copy outside the state too: it opens the secrets sealed in the database."
  value       = random_bytes.instance_key.hex
  sensitive   = true
}
