metadata name = 'Job operator role'
metadata description = 'Custom role: start a Container Apps job, read one of its executions, stop an execution. Nothing else. Deployed once by an Owner through bootstrap/deploy-identity.bicep; main.bicep only references it.'

import { jobOperatorActions, jobOperatorRoleGuid, jobOperatorRoleName } from 'roles.bicep'

// Why a custom role: the built-in Container Apps roles that can start a job (Contributor-like) can
// also rewrite or delete it; the Function App needs only these three actions, on the two jobs.

// ============== //
//   Parameters   //
// ============== //

@description('Required. Base name of the stack (main.bicep\'s `name`) whose jobs the role operates.')
param name string

// ============= //
//   Variables   //
// ============= //

var roleName = jobOperatorRoleName(resourceGroup().id, name)

// ============= //
//   Resources   //
// ============= //

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  // From the role's name too: two stacks in one resource group get two roles, neither renames the other's.
  name: jobOperatorRoleGuid(resourceGroup().id, name)
  properties: {
    roleName: roleName
    description: 'Start QcsCloud training and staging jobs, read their executions, stop an execution.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: jobOperatorActions
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
