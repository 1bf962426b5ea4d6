# The Cloudflare shape of one instance: its D1 database and the hostname that reaches its Worker.
#
# The Worker itself (stratos-<name>: the API bundle, the static assets, the D1 binding, [vars]) is
# uploaded by `wrangler deploy -c deploy/cloudflare/wrangler.<name>.toml`, which bundles
# apps/api/src/worker.ts and the built web app; Terraform does not manage the script. Its secrets
# (SESSION_SECRET, INSTANCE_KEY) are put with `wrangler secret put` and never pass through
# Terraform or its state.

locals {
  hostname    = regex("^https://([^/:]+)$", var.origin)[0]
  rp_id       = coalesce(var.rp_id, local.hostname)
  worker_name = "stratos-${var.name}"

  staging_hostname    = var.staging == null ? null : regex("^https://([^/:]+)$", var.staging.origin)[0]
  staging_zone_id     = var.staging == null ? null : coalesce(var.staging.zone_id, var.zone_id)
  staging_worker_name = "stratos-${var.name}-staging"

  attach_custom_domain = var.attach_worker && var.routing == "custom_domain"
  attach_route         = var.attach_worker && var.routing == "route"
}

resource "cloudflare_d1_database" "this" {
  account_id            = var.account_id
  name                  = "stratos-${var.name}"
  primary_location_hint = var.d1_location_hint
  jurisdiction          = var.d1_jurisdiction

  lifecycle {
    # Replacing a D1 database deletes its data: every account, passkey and address of the instance.
    prevent_destroy = true
  }
}

resource "cloudflare_workers_custom_domain" "this" {
  count = local.attach_custom_domain ? 1 : 0

  account_id  = var.account_id
  zone_id     = var.zone_id
  hostname    = local.hostname
  service     = local.worker_name
  environment = "production"
}

resource "cloudflare_workers_route" "this" {
  count = local.attach_route ? 1 : 0

  zone_id = var.zone_id
  pattern = "${local.hostname}/*"
  script  = local.worker_name
}

resource "cloudflare_d1_database" "staging" {
  count = var.staging == null ? 0 : 1

  account_id            = var.account_id
  name                  = "stratos-${var.name}-staging"
  primary_location_hint = var.d1_location_hint
  jurisdiction          = var.d1_jurisdiction
}

resource "cloudflare_workers_custom_domain" "staging" {
  count = var.staging != null && local.attach_custom_domain ? 1 : 0

  account_id  = var.account_id
  zone_id     = local.staging_zone_id
  hostname    = local.staging_hostname
  service     = local.staging_worker_name
  environment = "production"
}

resource "cloudflare_workers_route" "staging" {
  count = var.staging != null && local.attach_route ? 1 : 0

  zone_id = local.staging_zone_id
  pattern = "${local.staging_hostname}/*"
  script  = local.staging_worker_name
}
