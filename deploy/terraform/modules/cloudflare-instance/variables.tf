variable "account_id" {
  description = "The Cloudflare account that holds the Worker and the D1 database (32 hex digits)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{32}$", var.account_id))
    error_message = "account_id must be a Cloudflare account id: 32 lowercase hex digits."
  }
}

variable "zone_id" {
  description = "The Cloudflare zone (DNS domain) the instance's hostname belongs to (32 hex digits)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{32}$", var.zone_id))
    error_message = "zone_id must be a Cloudflare zone id: 32 lowercase hex digits."
  }
}

variable "name" {
  description = "The instance name: the Worker is stratos-<name>, its database stratos-<name>, its wrangler file deploy/cloudflare/wrangler.<name>.toml."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,30}$: a lowercase letter, then 1 to 30 lowercase letters, digits or hyphens."
  }
}

variable "origin" {
  description = "The origin users open (PUBLIC_ORIGIN), e.g. https://vault.example.com: https, a hostname, no port, no path."
  type        = string

  validation {
    # A Workers custom domain or route serves the standard https port only.
    condition     = can(regex("^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.origin))
    error_message = "origin must be https://<hostname> in lowercase, without port, path or trailing slash (e.g. https://vault.example.com)."
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

variable "related_origins" {
  description = "Further https origins serving the same passkeys (RELATED_ORIGINS). Their domains are attached outside this module."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for related in var.related_origins : can(regex("^https://[^/]+$", related))])
    error_message = "Each related origin must be https://<host>[:port] without a path."
  }
}

variable "routing" {
  description = "How the hostname reaches the Worker: custom_domain (Cloudflare creates the DNS record and certificate) or route (<hostname>/* on a proxied DNS record that already exists)."
  type        = string
  default     = "custom_domain"

  validation {
    condition     = contains(["custom_domain", "route"], var.routing)
    error_message = "routing must be custom_domain or route."
  }
}

variable "attach_worker" {
  description = "Attach the hostname to the Worker. Keep false until wrangler deploy has created the Worker once, and when the wrangler file's routes attach it instead."
  type        = bool
  default     = true
}

variable "staging" {
  description = "An optional staging copy: its own Worker (stratos-<name>-staging, wrangler --env staging), D1 database and origin. Null: none."
  type = object({
    origin  = string
    zone_id = optional(string)
  })
  default = null

  validation {
    condition     = var.staging == null || can(regex("^https://[a-z0-9.-]+$", try(var.staging.origin, "")))
    error_message = "staging.origin must be https://<hostname>, without port, path or trailing slash."
  }

  validation {
    condition     = var.staging == null || try(var.staging.zone_id, null) == null || can(regex("^[0-9a-f]{32}$", try(var.staging.zone_id, "")))
    error_message = "staging.zone_id must be a Cloudflare zone id (32 lowercase hex digits), or left out for the zone of the production hostname."
  }
}

variable "d1_location_hint" {
  description = "Where D1 places the primary database (wnam, enam, weur, eeur, apac, oc); null: near whoever creates it."
  type        = string
  default     = null

  validation {
    condition     = var.d1_location_hint == null || contains(["wnam", "enam", "weur", "eeur", "apac", "oc"], coalesce(var.d1_location_hint, "-"))
    error_message = "d1_location_hint must be one of wnam, enam, weur, eeur, apac, oc (or null)."
  }
}

variable "d1_jurisdiction" {
  description = "Keep the D1 data inside a jurisdiction (eu or fedramp); null: none. Set at creation: changing it replaces the database."
  type        = string
  default     = null

  validation {
    condition     = var.d1_jurisdiction == null || contains(["eu", "fedramp"], coalesce(var.d1_jurisdiction, "-"))
    error_message = "d1_jurisdiction must be eu or fedramp (or null)."
  }
}
