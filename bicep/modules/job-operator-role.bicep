metadata name = 'Job operator role'
metadata description = 'Custom role: start a Container Apps job, read one of its executions, stop an execution. Nothing else.'

// Why a custom role: the built-in Container Apps roles that can start a job (Contributor-like) can
// also rewrite or delete it; the Function App needs only these three actions, on the two jobs.

// ============== //
//   Parameters   //
// ============== //

@description('Required. Display name of the role; unique in the tenant.')
param roleName string

// ============= //
//   Variables   //
// ============= //

// Exactly QcsCloud.Workflow ContainerAppsJobResource.RequiredAccess (the deployment tests compare them).
var actions = [
  'Microsoft.App/jobs/start/action'
  'Microsoft.App/jobs/execution/read'
  'Microsoft.App/jobs/stop/execution/action'
]

// ============= //
//   Resources   //
// ============= //

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  // From the role's name too: two stacks in one resource group get two roles, neither renames the other's.
  name: guid(resourceGroup().id, 'qcscloud-job-operator', roleName)
  properties: {
    roleName: roleName
    description: 'Start QcsCloud training and staging jobs, read their executions, stop an execution.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

// =========== //
//   Outputs   //
// =========== //

@description('GUID (name) of the role definition, for role assignments.')
output roleDefinitionGuid string = role.name
