// TorchSharp results depend on the thread count and tests share native state: run serially.
[assembly: DoNotParallelize]
