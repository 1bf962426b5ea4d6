output "cloudflare" {
  description = "Per Cloudflare instance: what goes into deploy/cloudflare/wrangler.<name>.toml and the secrets to put."
  value = {
    for name, instance in module.cloudflare_instance : name => {
      worker_name           = instance.worker_name
      hostname              = instance.hostname
      d1_database_name      = instance.d1_database_name
      d1_database_id        = instance.d1_database_id
      wrangler_d1_databases = instance.wrangler_d1_databases
      wrangler_vars         = instance.wrangler_vars
      staging               = instance.staging
      secret_commands       = instance.secret_commands
    }
  }
}

output "node" {
  description = "Per Node instance: its database, role, namespace, Secret and non-secret settings."
  value = {
    for name, instance in module.node_instance : name => {
      database_name          = instance.database_name
      role_name              = instance.role_name
      kubernetes_namespace   = instance.kubernetes_namespace
      kubernetes_secret_name = instance.kubernetes_secret_name
      env                    = instance.env
    }
  }
}

output "node_secrets" {
  description = "Per Node instance: DATABASE_URL, SESSION_SECRET, INSTANCE_KEY (terraform output -json node_secrets)."
  sensitive   = true
  value = {
    for name, instance in module.node_instance : name => {
      database_url   = instance.database_url
      session_secret = instance.session_secret
      instance_key   = instance.instance_key
    }
  }
}
