using BenchmarkDotNet.Running;
using ControlPlane.Parsers.Bench;

// dotnet run -c Release --project bench/Parsers.Bench -- --filter '*'
// dotnet run -c Release --project bench/Parsers.Bench -- nccl-log-memory [--mb 600]
return args.Length > 0 && args[0] == NcclLogMemoryBench.Verb
    ? NcclLogMemoryBench.Run(args)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
