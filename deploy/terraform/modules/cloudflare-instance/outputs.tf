output "worker_name" {
  description = "The Worker wrangler deploys for this instance (name in wrangler.<name>.toml)."
  value       = local.worker_name
}

output "hostname" {
  description = "The hostname attached to the Worker."
  value       = local.hostname
}

output "d1_database_name" {
  description = "database_name of the [[d1_databases]] binding DB."
  value       = cloudflare_d1_database.this.name
}

output "d1_database_id" {
  description = "database_id of the [[d1_databases]] binding DB in deploy/cloudflare/wrangler.<name>.toml."
  value       = cloudflare_d1_database.this.id
}

output "wrangler_d1_databases" {
  description = "The [[d1_databases]] table of deploy/cloudflare/wrangler.<name>.toml, ready to paste."
  value       = <<-EOT
    [[d1_databases]]
    binding = "DB"
    database_name = "${cloudflare_d1_database.this.name}"
    database_id = "${cloudflare_d1_database.this.id}"
    migrations_dir = "migrations"
  EOT
}

output "wrangler_vars" {
  description = "The non-secret settings of the wrangler file's [vars], by the names apps/api/src/config.ts reads."
  value = merge(
    {
      PUBLIC_ORIGIN = var.origin
      RP_ID         = local.rp_id
      INSTANCE_NAME = var.display_name
    },
    length(var.related_origins) == 0 ? {} : { RELATED_ORIGINS = join(",", var.related_origins) },
  )
}

output "staging" {
  description = "The staging copy ([env.staging] of the wrangler file, deployed with --env staging), or null."
  value = var.staging == null ? null : {
    worker_name      = local.staging_worker_name
    hostname         = local.staging_hostname
    d1_database_name = one(cloudflare_d1_database.staging[*].name)
    d1_database_id   = one(cloudflare_d1_database.staging[*].id)
    wrangler_vars = {
      PUBLIC_ORIGIN = var.staging.origin
      RP_ID         = local.staging_hostname
      INSTANCE_NAME = "${var.display_name} (staging)"
    }
  }
}

output "secret_commands" {
  description = "The secrets Terraform leaves out, put with wrangler from a terminal or piped from a secret store (README: keep a copy of INSTANCE_KEY)."
  value = concat(
    [for secret in ["SESSION_SECRET", "INSTANCE_KEY"] : "npx wrangler secret put ${secret} -c deploy/cloudflare/wrangler.${var.name}.toml"],
    var.staging == null ? [] : [
      for secret in ["SESSION_SECRET", "INSTANCE_KEY"] :
      "npx wrangler secret put ${secret} -c deploy/cloudflare/wrangler.${var.name}.toml --env staging"
    ],
  )
}
