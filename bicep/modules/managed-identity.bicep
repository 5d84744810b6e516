metadata name = 'User-assigned managed identity'
metadata description = 'The identity of the trainer and staging jobs: created before the jobs so that its registry pull and blob roles exist when they first run.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the identity.')
param name string

@description('Required. Location of the identity.')
param location string

@description('Optional. Tags of the identity.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

// =========== //
//   Outputs   //
// =========== //

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Object (principal) id of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client id of the identity: the jobs set AZURE_CLIENT_ID to it so DefaultAzureCredential picks it.')
output clientId string = identity.properties.clientId
