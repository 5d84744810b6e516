metadata name = 'Shared types'
metadata description = 'User-defined types shared by the QcsCloud modules.'

@export()
@description('One role assignment: who gets which role. The assignment name is derived as guid(scope, principal, role).')
type roleAssignmentType = {
  @description('Required. Object id of the principal (a managed identity).')
  principalId: string

  @description('Required. Role definition GUID (built-in or custom); the id is subscriptionResourceId(\'Microsoft.Authorization/roleDefinitions\', guid).')
  roleDefinitionGuid: string

  @description('Optional. Principal type. Managed identities are service principals; setting it avoids replication delays.')
  principalType: 'ServicePrincipal' | 'User' | 'Group' | null

  @description('Optional. Why this principal holds the role; shown in the portal.')
  description: string?
}
