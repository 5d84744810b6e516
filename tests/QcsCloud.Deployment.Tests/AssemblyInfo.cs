// The publish test and the Bicep/npm tools are CPU-heavy on a 2-core machine: one test at a time.
[assembly: DoNotParallelize]
