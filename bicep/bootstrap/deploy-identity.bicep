metadata name = 'QcsCloud deploy identity bootstrap'
metadata description = 'Deployed once per stack by an Owner of the resource group: creates the custom job operator role and grants the deploy identity Contributor plus Role Based Access Control Administrator, constrained (ABAC) to assigning and removing exactly the roles main.bicep assigns. After it, deploying main.bicep needs no Owner.'

targetScope = 'resourceGroup'

import { builtInRoles, jobOperatorRoleGuid } from '../modules/roles.bicep'

// Why this template exists: main.bicep creates role assignments, so its deployer needs
// roleAssignments/write. Owner (or User Access Administrator) would let a stolen deploy token grant anyone
// anything; Role Based Access Control Administrator with the condition below can only grant the roles the
// templates grant. It cannot create or change role definitions, so the custom role is made here, once, by an
// Owner, and main.bicep references it as existing (otherwise the deployer could widen a role it may assign).
// Rerun it whenever main.bicep assigns a role it did not assign before (the deployment tests fail until then).

// ============== //
//   Parameters   //
// ============== //

@description('Required. Object (principal) id of the deploy identity: the service principal of the Entra application or user-assigned identity that GitHub Actions signs in as.')
param deployPrincipalId string

@description('Optional. Base name of the stack, as main.bicep\'s `name` (the custom role is per stack).')
@minLength(3)
@maxLength(12)
param name string = 'qcscloud'

// ============= //
//   Variables   //
// ============= //

var contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
var rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'

// Exactly the roles main.bicep assigns: its built-in roles and this stack's job operator.
var assignableRoles = sort(concat(map(items(builtInRoles), role => role.value), [
  jobOperatorRoleGuid(resourceGroup().id, name)
]), (a, b) => a < b)
var assignableList = join(assignableRoles, ', ')

// Role assignment conditions, version 2.0 ("Example: Constrain roles" in Microsoft's ABAC docs): a write must
// name one of the roles in its request, a delete may only remove an assignment of one of them.
var assignOnlyTheTemplatesRoles = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${assignableList}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${assignableList}}))'

// ============= //
//   Resources   //
// ============= //

module jobOperatorRole '../modules/job-operator-role.bicep' = {
  name: 'job-operator-role-${name}'
  params: {
    name: name
  }
}

resource deployContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deployPrincipalId, contributor)
  properties: {
    principalId: deployPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    principalType: 'ServicePrincipal'
    description: 'QcsCloud deploy identity: deploys the templates, pushes the image, publishes the app.'
  }
}

// One per stack: its condition names that stack's job operator role, so a second stack's bootstrap adds an
// assignment instead of replacing the first one's condition (Azure allows an action when any assignment does).
resource deployRoleAssigner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deployPrincipalId, rbacAdministrator, name)
  properties: {
    principalId: deployPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalType: 'ServicePrincipal'
    description: 'QcsCloud deploy identity: assigns and removes only the roles main.bicep assigns.'
    condition: assignOnlyTheTemplatesRoles
    conditionVersion: '2.0'
  }
}

// =========== //
//   Outputs   //
// =========== //

@description('GUID of the stack\'s job operator role, which main.bicep references.')
output jobOperatorRoleGuid string = jobOperatorRole.outputs.roleDefinitionGuid
