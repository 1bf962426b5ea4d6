# The Node shape's per-instance state outside the image: a PostgreSQL database with its own login
# role, the instance's generated secrets, and the Secret `stratos-secrets` that
# deploy/kubernetes/base/deployment.yaml mounts at /etc/stratos/secrets.
#
# Every generated value (the role's password, SESSION_SECRET, INSTANCE_KEY, the DATABASE_URL
# built from them) is in the Terraform state: keep the state in an encrypted backend that only
# operators can read (README.md, "Secrets and the state").

locals {
  # PostgreSQL identifiers: underscores read without quoting in psql and in pg_dump output.
  pg_name   = "stratos_${replace(var.name, "-", "_")}"
  namespace = coalesce(var.kubernetes_namespace, "stratos-${var.name}")
  rp_id     = coalesce(var.rp_id, regex("^https://([^/:]+)", var.origin)[0])

  # The password is letters and digits only (random_password.database), so it needs no
  # percent-encoding in the URL.
  database_url = format(
    "postgres://%s:%s@%s:%d/%s?sslmode=%s",
    postgresql_role.this.name,
    random_password.database.result,
    var.database_host,
    var.database_port,
    postgresql_database.this.name,
    var.database_sslmode,
  )

  # Where the Deployment mounts each key of the Secret (deploy/kubernetes/base/deployment.yaml).
  secrets_dir = "/etc/stratos/secrets"
}

resource "random_password" "database" {
  length  = 40
  special = false
}

# apps/api/src/config.ts wants at least 32 characters for each: 32 random bytes as hex are 64,
# the same as `openssl rand -hex 32` in deploy/README.md.
resource "random_bytes" "session_secret" {
  length = 32
}

resource "random_bytes" "instance_key" {
  length = 32

  lifecycle {
    # The secrets stored in the database are sealed under this key: a new one cannot open them.
    prevent_destroy = true
  }
}

resource "postgresql_role" "this" {
  name     = local.pg_name
  login    = true
  password = random_password.database.result
}

resource "postgresql_database" "this" {
  name              = local.pg_name
  owner             = postgresql_role.this.name
  connection_limit  = -1
  allow_connections = true

  lifecycle {
    # Destroying the database deletes every account, passkey and address of the instance.
    prevent_destroy = true
  }
}

# PostgreSQL grants CONNECT on every new database to PUBLIC: revoked, so only the instance's own
# role (the owner) can connect, and one instance's role cannot open another instance's database.
resource "postgresql_grant" "revoke_public_connect" {
  database    = postgresql_database.this.name
  role        = "public"
  object_type = "database"
  privileges  = []
}

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name = local.namespace
    labels = {
      "pod-security.kubernetes.io/enforce"         = "restricted"
      "pod-security.kubernetes.io/enforce-version" = "latest"
      "stratos-vault/phase"                        = "migrate"
      "app.kubernetes.io/instance"                 = var.name
    }
  }
}

resource "kubernetes_secret_v1" "this" {
  count = var.store_in_kubernetes ? 1 : 0

  metadata {
    name      = "stratos-secrets"
    namespace = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : local.namespace
    labels = {
      "app.kubernetes.io/name"       = "stratos-vault"
      "app.kubernetes.io/instance"   = var.name
      "app.kubernetes.io/managed-by" = "terraform"
    }
  }

  type = "Opaque"

  # The provider base64-encodes these; each is one file under /etc/stratos/secrets in the pods.
  data = {
    "session-secret" = random_bytes.session_secret.hex
    "instance-key"   = random_bytes.instance_key.hex
    "database-url"   = local.database_url
  }
}
