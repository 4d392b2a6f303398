using ControlPlane.Bench;
using ControlPlane.Bench.All;
using ControlPlane.Bench.ColdStart;
using ControlPlane.Bench.Failover;
using ControlPlane.Bench.Ingest;
using ControlPlane.Bench.Memory;
using ControlPlane.Bench.Place;
using ControlPlane.Bench.PlaceE2e;
using ControlPlane.Bench.PlaceNvl72;
using ControlPlane.Bench.Portal;
using ControlPlane.Bench.ScaleOut;

// dotnet run -c Release --project bench/ControlPlane.Bench -- ingest --nodes 10000 [--rounds 3] [--concurrency 64]
// dotnet run -c Release --project bench/ControlPlane.Bench -- place --nodes 10000 [--seed 42]   (pure in-process, no network)
// dotnet run -c Release --project bench/ControlPlane.Bench -- place-e2e --nodes 10000 [--operations 3000] [--concurrency 16] [--window 8]
// dotnet run -c Release --project bench/ControlPlane.Bench -- place-nvl72 [--racks 2]   (GB200 NVL72 racks, domain-aware vs domain-blind, in-process)
// dotnet run -c Release --project bench/ControlPlane.Bench -- cold-start --nodes 10000 [--deployments 2000] [--jitter-seconds 10]   (starts redis-server on loopback)
// dotnet run -c Release --project bench/ControlPlane.Bench -- failover --incidents 1000 [--nodes 10000] [--concurrency 16]
// dotnet run -c Release --project bench/ControlPlane.Bench -- portal --nodes 10000 [--rounds 5] [--interval-seconds 30]  (headless /usr/bin/chromium)
// dotnet run -c Release --project bench/ControlPlane.Bench -- scale-out --nodes 3000 [--rounds 3] [--concurrency 64] [--operations 1500] [--clients 16]   (1 and 3 silos on redis-server)
// dotnet run -c Release --project bench/ControlPlane.Bench -- scale-out-processes --nodes 3000 [--silos 1,2,4] [--silo-cores K] [--load-cores L]   (separate processes pinned with taskset)
// dotnet run -c Release --project bench/ControlPlane.Bench -- grain-memory --nodes 2000 [--deployments 1000]   (embedded, in-process)
// dotnet run -c Release --project bench/ControlPlane.Bench -- all [--quick]   (every verb above; writes bench/results/<date>.md and SVG charts)
// Every request goes to 127.0.0.1 only; each run is bounded in count and stops by itself.
return args.FirstOrDefault() switch
{
    "all" => await AllBenchmark.RunAsync(quick: args.Contains("--quick")),
    "ingest" => await IngestBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "place" => await PlaceBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "place-e2e" => await PlaceE2eBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "place-nvl72" => await PlaceNvl72Benchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "cold-start" => await ColdStartBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "failover" => await FailoverBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "portal" => await PortalBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "grain-memory" => await GrainMemoryBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "scale-out" => await ScaleOutBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    "scale-out-processes" => await ProcessScaleOutBenchmark.RunAsync(BenchArgs.Parse(args[1..])),
    ProcessScaleOutDriver.Verb => await ProcessScaleOutDriver.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ControlPlane.Bench all [--quick] | ingest --nodes N [--rounds R] [--concurrency C] | place --nodes N [--seed S] | place-nvl72 [--racks R] | place-e2e --nodes N [--operations O] [--concurrency C] [--window W] | cold-start --nodes N [--deployments D] [--jitter-seconds J] | failover --incidents I [--nodes N] [--concurrency C] | portal --nodes N [--rounds R] | grain-memory --nodes N [--deployments D] | scale-out --nodes N [--rounds R] [--concurrency C] [--operations O] [--clients K] | scale-out-processes --nodes N [--silos 1,2,4] [--silo-cores K] [--load-cores L] [--rounds R] [--concurrency C] [--operations O] [--clients K]");
    return 2;
}
