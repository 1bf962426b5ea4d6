terraform {
  # 1.9: a variable's validation may read another variable (rp_id against origin).
  required_version = ">= 1.9"

  required_providers {
    postgresql = {
      source  = "cyrilgdn/postgresql"
      version = "~> 1.25"
    }
    random = {
      # random_bytes (the session secret and the instance key) exists from 3.5.
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.36"
    }
  }
}
