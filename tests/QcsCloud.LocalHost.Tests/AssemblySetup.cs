// Each class starts its own host processes on Azurite; running classes side by side on 2 cores only slows both.
[assembly: DoNotParallelize]
