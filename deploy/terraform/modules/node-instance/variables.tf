variable "name" {
  description = "The instance name: its database and login role are stratos_<name> (hyphens as underscores), its namespace stratos-<name> by default."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,30}$: a lowercase letter, then 1 to 30 lowercase letters, digits or hyphens."
  }
}

variable "origin" {
  description = "The origin users open (PUBLIC_ORIGIN), e.g. https://vault.example.com: https, host and optional port, no path."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+(:[0-9]{1,5})?$", var.origin))
    error_message = "origin must be https://<host>[:port] in lowercase, without path or trailing slash (e.g. https://vault.example.com)."
  }
}

variable "rp_id" {
  description = "The WebAuthn relying party id (RP_ID): the origin's hostname (the default, when null) or a parent domain of it."
  type        = string
  default     = null

  validation {
    # WebAuthn §5.1.3: the RP ID is the origin's effective domain or a registrable suffix of it.
    # Terraform's || does not short-circuit: coalesce and try keep a null rp_id or a bad origin
    # from erroring here (the origin's own validation names that problem).
    condition = var.rp_id == null || anytrue([
      try(regex("^https://([^/:]+)", var.origin)[0], "") == coalesce(var.rp_id, "-"),
      endswith(try(regex("^https://([^/:]+)", var.origin)[0], ""), ".${coalesce(var.rp_id, "-")}"),
    ])
    error_message = "rp_id must be the hostname of origin or a parent domain of it; passkeys made for another RP ID do not work on this origin."
  }
}

variable "display_name" {
  description = "The instance's name as people see it (INSTANCE_NAME): shown in the app and to the passkey manager."
  type        = string
  default     = "Stratos Vault"

  validation {
    condition     = length(trimspace(var.display_name)) > 0 && length(var.display_name) <= 64
    error_message = "display_name must be 1 to 64 characters."
  }
}

variable "database_host" {
  description = "The PostgreSQL host as the instance's pods reach it (written into DATABASE_URL); the provider's own connection is configured by the caller."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9.-]+$", var.database_host))
    error_message = "database_host must be a hostname or IPv4 address."
  }
}

variable "database_port" {
  description = "The PostgreSQL port as the instance's pods reach it."
  type        = number
  default     = 5432

  validation {
    condition     = var.database_port >= 1 && var.database_port <= 65535 && floor(var.database_port) == var.database_port
    error_message = "database_port must be a port number from 1 to 65535."
  }
}

variable "database_sslmode" {
  description = "sslmode of DATABASE_URL (node-postgres): disable only inside a trusted network."
  type        = string
  default     = "verify-full"

  validation {
    condition     = contains(["disable", "require", "verify-ca", "verify-full"], var.database_sslmode)
    error_message = "database_sslmode must be disable, require, verify-ca or verify-full."
  }
}

variable "kubernetes_namespace" {
  description = "The namespace of the instance's Deployment, where the Secret stratos-secrets goes; null: stratos-<name>."
  type        = string
  default     = null

  validation {
    condition     = var.kubernetes_namespace == null || can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", coalesce(var.kubernetes_namespace, "-")))
    error_message = "kubernetes_namespace must be a DNS label: lowercase letters, digits and hyphens, at most 63."
  }
}

variable "create_namespace" {
  description = "Create the namespace, with the labels of deploy/kubernetes/overlays/*/namespace.yaml (restricted pod security). False: it exists already."
  type        = bool
  default     = true
}

variable "store_in_kubernetes" {
  description = "Write the Secret stratos-secrets the Deployment mounts. False: take the sensitive outputs to another store (files for the *_FILE variables)."
  type        = bool
  default     = true
}
