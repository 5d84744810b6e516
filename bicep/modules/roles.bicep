metadata name = 'Roles'
metadata description = 'The roles QcsCloud assigns, in one place: main.bicep assigns them, bootstrap/deploy-identity.bicep defines the custom one and lets the deploy identity assign exactly these.'

// ============= //
//   Variables   //
// ============= //

@export()
@description('Built-in role definition GUIDs that main.bicep assigns (least privilege for each identity).')
var builtInRoles = {
  // Storage Blob Data Contributor: read/write/delete blobs; no account management, no keys.
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  // Storage Blob Data Reader: read and list blobs.
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  // Storage Blob Delegator: a user delegation key (read-only report SAS); no blob access by itself.
  blobDelegator: 'db58b8e5-c6ad-4a2a-8342-4fbabcbe9b60'
  // Storage Queue Data Contributor: Durable Task control and work-item queues.
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Storage Table Data Contributor: Durable Task history and instance tables.
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // AcrPull: pull images, nothing else.
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  // Monitoring Metrics Publisher: Entra ID ingestion into Application Insights (local auth is off).
  metricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

@export()
@description('Actions of the custom job operator role: exactly QcsCloud.Workflow ContainerAppsJobResource.RequiredAccess (the deployment tests compare them).')
var jobOperatorActions = [
  'Microsoft.App/jobs/start/action'
  'Microsoft.App/jobs/execution/read'
  'Microsoft.App/jobs/stop/execution/action'
]

// ============= //
//   Functions   //
// ============= //

@export()
@description('Display name of the job operator role of the stack `name` in a resource group; unique in the tenant.')
func jobOperatorRoleName(resourceGroupId string, name string) string =>
  'QcsCloud job operator (${name}-${uniqueString(resourceGroupId, name)})'

@export()
@description('GUID of the job operator role of the stack `name`: from its name too, so two stacks in one resource group get two roles and neither renames the other\'s.')
func jobOperatorRoleGuid(resourceGroupId string, name string) string =>
  guid(resourceGroupId, 'qcscloud-job-operator', jobOperatorRoleName(resourceGroupId, name))
