// Loader tests time worker threads against each other; run test classes one at a time on the 2-core CI machine.
[assembly: DoNotParallelize]
