terraform {
  # 1.9: a variable's validation may read another variable (rp_id against origin).
  required_version = ">= 1.9"

  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5"
    }
  }
}
