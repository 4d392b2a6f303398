using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Parsers.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
