using Microsoft.Extensions.Configuration;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Samples.FleetClient;
using ControlPlane.Testing;

namespace ControlPlane.Contracts.Tests;

/// <summary>The sample internal service joins a real Redis-backed cluster as an Orleans client and reads it through the grain contracts.</summary>
[Collection(RedisCollection.Name)]
public sealed class SampleClientTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Sample_client_joins_the_cluster_and_reads_pools_and_a_nodes_gpu_holders()
    {
        var clusterId = $"sample-{Guid.NewGuid():N}";
        var node = $"sample-{Guid.NewGuid():N}"[..20];
        var pool = $"pool-{Guid.NewGuid():N}"[..16];
        await using var silo = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        var grain = silo.Grains.GetGrain<INodeGrain>(node);
        await grain.ReportAsync(Reports.Steady(node, 1) with { Pool = pool });
        await grain.ReserveAsync(new GpuReservation { Owner = "qwen/pair-0/prefill", GpuIndices = [0, 1] });

        var lines = await EventuallyListsAsync(["--redis", redis.ConnectionString, "--cluster-id", clusterId, "--node", node], $"pool {pool}: 1 nodes");

        Assert.Contains($"pool {pool}: 1 nodes, 8 of 8 GPUs healthy", lines);
        Assert.Equal(8, lines.Count(l => l.StartsWith($"node {node} gpu ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.EndsWith(": held by qwen/pair-0/prefill", StringComparison.Ordinal)));
        Assert.Equal(6, lines.Count(l => l.StartsWith($"node {node} gpu ", StringComparison.Ordinal) && l.EndsWith(": free", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(new string[0], "--redis is required")]
    [InlineData(new[] { "--redis" }, "--redis needs a value")]
    [InlineData(new[] { "--redis", "127.0.0.1:1", "--bogus", "x" }, "unknown argument '--bogus'")]
    public async Task Sample_client_refuses_unusable_arguments_with_exit_2(string[] args, string message)
    {
        var error = new StringWriter();

        var exit = await FleetClientApp.RunAsync(args, TextWriter.Null, error, ClusterSettings);

        Assert.Equal(2, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A pool's listing is flushed from its index every couple of seconds: run the client until it shows up (fails if it never does).</summary>
    private static Task<string[]> EventuallyListsAsync(string[] args, string expected) =>
        Eventually.Until(
            async () =>
            {
                var output = new StringWriter();
                Assert.Equal(0, await FleetClientApp.RunAsync(args, output, TextWriter.Null, ClusterSettings));
                return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            },
            lines => lines.Any(l => l.StartsWith(expected, StringComparison.Ordinal)),
            attempts: 20,
            delayMs: 500);

    /// <summary>The cluster's mutual TLS, as the silo has it (<see cref="TestClusterTls"/>).</summary>
    private static readonly IConfiguration ClusterSettings = new ConfigurationBuilder().AddInMemoryCollection(TestClusterTls.Settings).Build();
}

/// <summary>An internal service joins a closed cluster only with the cluster's TLS settings.</summary>
public sealed class SampleClientTlsTests
{
    [Fact]
    public async Task Without_TLS_settings_the_client_refuses_to_join_with_exit_2_naming_the_keys()
    {
        var error = new StringWriter();

        var exit = await FleetClientApp.RunAsync(["--redis", "127.0.0.1:1"], TextWriter.Null, error, new ConfigurationBuilder().Build());

        Assert.Equal(2, exit);
        Assert.Contains("ControlPlane:Tls: a cluster needs mutual TLS: set ControlPlane:Tls:CertificatePath, KeyPath and CaPath", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ControlPlane:Tls:AllowPlaintext=true for development only", error.ToString(), StringComparison.Ordinal);
    }
}
