# Many instances from one configuration: each entry of var.instances becomes the module calls of
# the shapes it names. An instance's resources never refer to another instance's.

locals {
  cloudflare_instances = { for name, instance in var.instances : name => instance if instance.cloudflare != null }
  node_instances       = { for name, instance in var.instances : name => instance if instance.node != null }
}

module "cloudflare_instance" {
  source   = "../modules/cloudflare-instance"
  for_each = local.cloudflare_instances

  account_id       = var.cloudflare_account_id
  zone_id          = each.value.cloudflare.zone_id
  name             = each.key
  origin           = each.value.origin
  rp_id            = each.value.rp_id
  display_name     = each.value.display_name
  related_origins  = each.value.related_origins
  routing          = each.value.cloudflare.routing
  attach_worker    = each.value.cloudflare.attach_worker
  staging          = each.value.cloudflare.staging
  d1_location_hint = each.value.cloudflare.d1_location_hint
  d1_jurisdiction  = each.value.cloudflare.d1_jurisdiction
}

module "node_instance" {
  source   = "../modules/node-instance"
  for_each = local.node_instances

  name                    = each.key
  origin                  = each.value.origin
  rp_id                   = each.value.rp_id
  display_name            = each.value.display_name
  database_host           = coalesce(var.database_host, var.postgres_admin.host)
  database_port           = var.postgres_admin.port
  database_sslmode        = var.database_sslmode
  kubernetes_namespace    = each.value.node.kubernetes_namespace
  create_namespace        = each.value.node.create_namespace
  store_in_kubernetes = each.value.node.store_in_kubernetes
}
