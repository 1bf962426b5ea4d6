provider "cloudflare" {
  # A token with Account: D1 Edit and Workers Scripts Edit, Zone: Workers Routes Edit (and DNS
  # Edit for custom domains) on the instances' zones. Give it as TF_VAR_cloudflare_api_token.
  api_token = var.cloudflare_api_token
}

provider "postgresql" {
  # An administrative role that may create roles and databases (CREATEROLE, CREATEDB) for the
  # instances, not their own roles. try(): a configuration without Node instances may leave
  # postgres_admin null.
  host      = try(var.postgres_admin.host, null)
  port      = try(var.postgres_admin.port, 5432)
  username  = try(var.postgres_admin.username, null)
  password  = var.postgres_admin_password
  sslmode   = try(var.postgres_admin.sslmode, "verify-full")
  database  = "postgres"
  superuser = try(var.postgres_admin.superuser, false)
}

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kubeconfig_context
}
