using Microsoft.Extensions.Configuration;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Samples.FleetClient;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using Xunit.Abstractions;

namespace ControlPlane.Contracts.Tests;

/// <summary>
/// An internal service creates a deployment through the grain, not REST (<c>fleet-client --put-deployment NAME --spec FILE</c>
/// against a Redis-backed silo): the grain checks the spec with REST's rules, so an invalid one is refused naming its
/// fields, exit 2, nothing stored; a valid one is placed.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class PutDeploymentClientTests(RedisServer redis, ITestOutputHelper log)
{
    private const string Spec = """
        {
          "model": "qwen2.5-72b",
          "image": { "name": "lmsysorg/sglang:v0.5.4-cu124", "computeCapabilities": ["9.0"], "cuda": "12.2" },
          "prefill": { "tp": TP },
          "decode": { "tp": 4 },
          "pairs": 1,
          "pool": "POOL"
        }
        """;

    [Fact(Timeout = 90_000)]
    public async Task An_invalid_spec_is_refused_by_the_grain_naming_its_fields_with_exit_2_and_a_valid_one_is_placed()
    {
        var clusterId = $"put-{Guid.NewGuid():N}";
        var pool = $"pool-{Guid.NewGuid():N}"[..16];
        var node = $"put-{Guid.NewGuid():N}"[..16];
        await using var silo = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        await silo.Grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.Steady(node, 1, NodeTemplates.H20) with { Pool = pool });
        await WaitForPoolAsync(silo.Grains.GetGrain<IFleetGrain>(pool));
        using var specs = new SpecFiles();
        string[] args = ["--redis", redis.ConnectionString, "--cluster-id", clusterId];

        var (invalidExit, _, invalidError) = await RunAsync([.. args, "--put-deployment", "qwen-put", "--spec", specs.Write(Spec.Replace("TP", "0", StringComparison.Ordinal).Replace("POOL", pool, StringComparison.Ordinal))]);
        log.WriteLine($"exit {invalidExit}\n{invalidError}");
        var afterInvalid = await silo.Grains.GetGrain<IModelDeploymentGrain>("qwen-put").GetAsync();
        var (validExit, validOutput, _) = await RunAsync([.. args, "--put-deployment", "qwen-put", "--spec", specs.Write(Spec.Replace("TP", "4", StringComparison.Ordinal).Replace("POOL", pool, StringComparison.Ordinal))]);
        log.WriteLine($"exit {validExit}\n{validOutput}");

        Assert.Equal(2, invalidExit);
        Assert.Contains("Invalid deployment spec; nothing was stored:", invalidError, StringComparison.Ordinal);
        Assert.Contains("  prefill.tp: ", invalidError, StringComparison.Ordinal);
        Assert.Null(afterInvalid);
        Assert.Equal(0, validExit);
        Assert.Contains("deployment qwen-put: Placed, generation 1, 1 pairs", validOutput, StringComparison.Ordinal);
        Assert.Contains($"pair 0: {node} -> {node}", validOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--put-deployment", "x" }, "--put-deployment and --spec go together")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--spec", "x.json" }, "--put-deployment and --spec go together")]
    public async Task Put_deployment_without_its_spec_is_refused_with_exit_2(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FleetClientApp.RunAsync(args, output, error, ClusterSettings);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task WaitForPoolAsync(IFleetGrain fleet)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await fleet.GetCapacityChangesAsync(0)).Changed.Length == 1)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the pool's fleet index never listed the node");
    }

    private sealed class SpecFiles : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("put-spec-").FullName;

        public string Write(string json)
        {
            var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
            File.WriteAllText(path, json);
            return path;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The cluster's mutual TLS, as the silo has it (<see cref="TestClusterTls"/>).</summary>
    private static readonly IConfiguration ClusterSettings = new ConfigurationBuilder().AddInMemoryCollection(TestClusterTls.Settings).Build();
}
