using QcsCloud.Bench.Data;

// Data pipeline benchmarks: loader throughput per worker thread, pack and shard-read speed.
//   dotnet run -c Release --project bench/QcsCloud.Bench.Data -- [--quick] [--out bench/results]
//   dotnet run -c Release --project bench/QcsCloud.Bench.Data -- synth <rafdb|ferplus|affectnet7|affectnet8> <dir> <perClass> [seed] [affectnetMinSide]
//   dotnet run -c Release --project bench/QcsCloud.Bench.Data -- stage <folder of JPEGs> [threads,...]   (staging: qcs pack throughput)
return BenchCommand.Run(args);
