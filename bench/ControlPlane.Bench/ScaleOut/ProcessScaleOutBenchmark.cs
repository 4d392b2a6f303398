using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using ControlPlane.Bench.Hosting;
using ControlPlane.Bench.Ingest;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// Scale-out with real processes: for each silo count, a fresh password-protected <c>redis-server</c> on its own cores,
/// that many control-plane processes (web front end co-hosting a silo) each on its own cores, and the load generator
/// (<see cref="ProcessScaleOutDriver"/>) on its own: steady ingestion with node i reporting to front end i mod N, then
/// place-e2e with its clients spread over the front ends. Prints each run with the silos' CPU busy share and Redis's own
/// commands/s and CPU, then the ratios against one silo: ingest per silo (target ≥ 0.7) and place-e2e (target ≥ 1).
/// </summary>
public static class ProcessScaleOutBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        int[] silos = [.. args.Text("silos", "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        if (silos.Length == 0 || silos.Any(s => s < 1))
        {
            Console.Error.WriteLine("--silos: a comma-separated list of silo counts, each at least 1 (e.g. 1,2,4)");
            return 2;
        }

        var plan = CorePlan.For(Environment.ProcessorCount, silos.Max(), NullIfAbsent(args, "silo-cores"), NullIfAbsent(args, "load-cores"));
        var nodes = args.Int("nodes", 3000);
        string[] load = ["--nodes", $"{nodes}", "--rounds", $"{args.Int("rounds", 3)}", "--concurrency", $"{args.Int("concurrency", 64)}",
            "--operations", $"{args.Int("operations", 1500)}", "--clients", $"{args.Int("clients", 16)}"];
        var timeout = TimeSpan.FromSeconds(args.Int("timeout-seconds", 900));
        Console.WriteLine($"scale-out-processes: {nodes} nodes, silos {string.Join(", ", silos)}, {plan.Cores} cores: {plan.Describe(silos.Max())}; 127.0.0.1 only");

        var runs = new List<ProcessScaleOutRun>();
        foreach (var count in silos)
        {
            runs.Add(await MeasureAsync(plan, count, load, timeout));
        }

        var one = runs[0];
        string Each(Func<ProcessScaleOutRun, double> value, string format) => string.Join('/', runs.Select(r => value(r).ToString(format, CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT scale-out-processes nodes={nodes} silos={string.Join('/', silos)} ingest_per_s={Each(r => r.IngestPerSecond, "F0")} "
            + $"ingest_per_silo_ratio={Each(r => r.IngestPerSecond / (r.Silos * one.IngestPerSecond / one.Silos), "F2")} ingest_p99_ms={Each(r => r.IngestP99Ms, "F1")} "
            + $"ingest_silo_busy_pct={Each(r => r.IngestSiloBusyPct, "F0")} redis_ops_per_s={Each(r => r.IngestRedisOpsPerSecond, "F0")} redis_cpu_pct={Each(r => r.IngestRedisCpuPct, "F0")} "
            + $"e2e_per_s={Each(r => r.E2ePerSecond, "F0")} e2e_ratio={Each(r => r.E2ePerSecond / one.E2ePerSecond, "F2")} e2e_p99_ms={Each(r => r.E2eP99Ms, "F1")} "
            + $"e2e_silo_busy_pct={Each(r => r.E2eSiloBusyPct, "F0")} e2e_redis_cpu_pct={Each(r => r.E2eRedisCpuPct, "F0")} "
            + $"cores={(plan.Disjoint ? "disjoint" : "overlapping")} failed={runs.Sum(r => r.Failed)} double_allocations={runs.Sum(r => r.DoubleAllocations)} orphaned_gpus={runs.Sum(r => r.OrphanedGpus)}"));
        return runs.All(r => r.Passed) ? 0 : 1;
    }

    private static async Task<ProcessScaleOutRun> MeasureAsync(CorePlan plan, int silos, string[] load, TimeSpan timeout)
    {
        await using var redis = await BenchRedis.StartAsync(plan.Redis);
        var frontEnds = new List<FrontEndProcess>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                // The simulated nodes report a few rounds only: a heartbeat longer than the run keeps their silence from being a fault.
                frontEnds.Add(await FrontEndProcess.StartAsync(plan.Silo(i), redis.ConnectionString, "--ControlPlane:Health:HeartbeatInterval=00:10:00"));
            }

            var meter = new PhaseMeter(frontEnds, plan.SiloCores, redis);
            var run = await DriveAsync(plan, silos, redis.ConnectionString, [.. frontEnds.Select(f => f.Address)], load, meter, timeout);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{silos} silo(s): ingest {run.IngestPerSecond:F0} reports/s (p99 {run.IngestP99Ms:F1} ms, silos {run.IngestSiloBusyPct:F0} % busy, Redis {run.IngestRedisOpsPerSecond:F0} commands/s at {run.IngestRedisCpuPct:F0} % of a core); "
                + $"place-e2e {run.E2ePerSecond:F0} operations/s (p99 {run.E2eP99Ms:F1} ms, silos {run.E2eSiloBusyPct:F0} % busy, Redis {run.E2eRedisCpuPct:F0} %); "
                + $"failed {run.Failed}, double allocations {run.DoubleAllocations}, orphaned GPUs {run.OrphanedGpus}"));
            return run;
        }
        finally
        {
            foreach (var frontEnd in frontEnds.AsEnumerable().Reverse())
            {
                await frontEnd.DisposeAsync();
            }
        }
    }

    /// <summary>Runs the load generator on its cores and meters the silos and Redis phase by phase as it announces them.</summary>
    private static async Task<ProcessScaleOutRun> DriveAsync(CorePlan plan, int silos, string redis, Uri[] urls, string[] load, PhaseMeter meter, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, UseShellExecute = false };
        string[] self = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? [Environment.ProcessPath!, Assembly.GetEntryAssembly()!.Location] : [Environment.ProcessPath!];
        foreach (var arg in (string[])["-c", plan.Load, .. self, ProcessScaleOutDriver.Verb, "--urls", string.Join(',', urls.Select(u => u.ToString())), "--redis", redis, .. load])
        {
            start.ArgumentList.Add(arg);
        }

        using var driver = Process.Start(start) ?? throw new InvalidOperationException("the load generator did not start");
        using var cancel = new CancellationTokenSource(timeout);
        IngestProtocol.PhaseStat? ingest = null;
        (double Busy, double Ops, double Cpu) ingestMeter = default, e2eMeter = default;
        string[]? e2e = null;
        string? metering = null;
        try
        {
            while (await driver.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                var fields = line.Split(' ');
                switch (fields[0])
                {
                    case "PHASE":
                        if (metering is not null)
                        {
                            var measured = await meter.StopAsync();
                            (ingestMeter, e2eMeter) = metering == "ingest" ? (measured, e2eMeter) : (ingestMeter, measured);
                            metering = null;
                        }

                        metering = fields[1] switch { "ingest-steady" => "ingest", "place-e2e" => "place-e2e", _ => null };
                        if (metering is not null)
                        {
                            await meter.StartAsync();
                        }

                        break;
                    case "STAT":
                        ingest = IngestProtocol.PhaseStat.Parse(fields);
                        if (metering == "ingest")
                        {
                            ingestMeter = await meter.StopAsync();
                            metering = null;
                        }

                        break;
                    case "E2E":
                        e2e = fields;
                        break;
                    default:
                        Console.WriteLine($"  {line}");
                        break;
                }
            }

            await driver.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            driver.Kill(entireProcessTree: true);
            throw new TimeoutException($"the load generator did not finish within {timeout} with {silos} silo(s)");
        }

        if (driver.ExitCode != 0 || ingest is null || e2e is null)
        {
            throw new InvalidOperationException($"the load generator exited {driver.ExitCode} with {silos} silo(s) before reporting both phases");
        }

        double D(int i) => double.Parse(e2e[i], CultureInfo.InvariantCulture);
        int I(int i) => int.Parse(e2e[i], CultureInfo.InvariantCulture);
        return new ProcessScaleOutRun(silos, ingest.PerSecond, ingest.P99, ingestMeter.Busy, ingestMeter.Ops, ingestMeter.Cpu, D(1), D(3), e2eMeter.Busy, e2eMeter.Cpu, I(4), I(5), I(6));
    }

    private static int? NullIfAbsent(BenchArgs args, string name) => args.Int(name, 0) is > 0 and var n ? n : null;
}
