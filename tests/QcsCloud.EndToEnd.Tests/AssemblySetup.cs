// Each test starts local host processes and qcs jobs on a 2-core machine: one test at a time.
[assembly: DoNotParallelize]
