variable "instances" {
  description = "The instances, by name (^[a-z][a-z0-9-]{1,30}$). Each gets the shapes it asks for: cloudflare (Worker + D1), node (PostgreSQL + Kubernetes Secret), or both."
  type = map(object({
    origin          = string
    rp_id           = optional(string)
    display_name    = optional(string, "Stratos Vault")
    related_origins = optional(list(string), [])
    cloudflare = optional(object({
      zone_id          = string
      routing          = optional(string, "custom_domain")
      attach_worker    = optional(bool, true)
      d1_location_hint = optional(string)
      d1_jurisdiction  = optional(string)
      staging = optional(object({
        origin  = string
        zone_id = optional(string)
      }))
    }))
    node = optional(object({
      kubernetes_namespace    = optional(string)
      create_namespace        = optional(bool, true)
      store_in_kubernetes = optional(bool, true)
    }))
  }))

  validation {
    condition     = alltrue([for name in keys(var.instances) : can(regex("^[a-z][a-z0-9-]{1,30}$", name))])
    error_message = "Each instance name (a key of instances) must match ^[a-z][a-z0-9-]{1,30}$."
  }

  validation {
    condition     = alltrue([for instance in values(var.instances) : instance.cloudflare != null || instance.node != null])
    error_message = "Each instance needs a cloudflare or a node shape (or both)."
  }
}

variable "cloudflare_account_id" {
  description = "The Cloudflare account of the Workers and D1 databases; null when no instance has the cloudflare shape."
  type        = string
  default     = null

  validation {
    condition     = var.cloudflare_account_id != null || alltrue([for instance in values(var.instances) : instance.cloudflare == null])
    error_message = "cloudflare_account_id is required when an instance has the cloudflare shape."
  }
}

variable "cloudflare_api_token" {
  description = "Cloudflare API token (providers.tf lists its permissions). Give it as TF_VAR_cloudflare_api_token, never in a tfvars file."
  type        = string
  default     = null
  sensitive   = true
}

variable "postgres_admin" {
  description = "How Terraform reaches PostgreSQL to create the instances' roles and databases."
  type = object({
    host      = string
    port      = optional(number, 5432)
    username  = string
    sslmode   = optional(string, "verify-full")
    superuser = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.postgres_admin != null || alltrue([for instance in values(var.instances) : instance.node == null])
    error_message = "postgres_admin is required when an instance has the node shape."
  }
}

variable "postgres_admin_password" {
  description = "The password of postgres_admin.username. Give it as TF_VAR_postgres_admin_password, never in a tfvars file."
  type        = string
  default     = null
  sensitive   = true
}

variable "database_host" {
  description = "The PostgreSQL host as the pods reach it (DATABASE_URL); null: postgres_admin.host."
  type        = string
  default     = null
}

variable "database_sslmode" {
  description = "sslmode in the instances' DATABASE_URL."
  type        = string
  default     = "verify-full"
}

variable "kubeconfig_path" {
  description = "The kubeconfig of the cluster that runs the Node shape."
  type        = string
  default     = "~/.kube/config"
}

variable "kubeconfig_context" {
  description = "The kubeconfig context to use; null: the current one."
  type        = string
  default     = null
}
