using System.Collections.Concurrent;
using ControlPlane.Health;
using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ControlPlane.Grains.Tests;

/// <summary>An in-process Orleans test cluster with the control plane's grains, fast heartbeats, a call counter and storage that fails on demand (<see cref="FailingStorage"/>).</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The clock this cluster's grains read: advance it instead of sleeping through a period.</summary>
    public ShiftedClock Clock => Clocks.GetOrAdd(Cluster.Options.ClusterId, _ => new ShiftedClock());

    /// <summary>One clock per test cluster, so that advancing one class's clock moves no other class's grains.</summary>
    private static readonly ConcurrentDictionary<string, ShiftedClock> Clocks = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Counts grain calls by "Interface.Method", to prove what a report did or did not fan out to.</summary>
    public static readonly ConcurrentDictionary<string, int> Calls = new(StringComparer.Ordinal);

    public static int CallsTo(string grainKey, string method) => Calls.GetValueOrDefault($"{grainKey}:{method}");

    /// <summary>
    /// Counts calls grains make, by "Interface.Method", when they make them: a one-way call is counted before the caller
    /// goes on, so "sent nothing" holds at once instead of after an arbitrary wait for it to arrive.
    /// </summary>
    public static readonly ConcurrentDictionary<string, int> Sent = new(StringComparer.Ordinal);

    public static int SentTo(string grainKey, string method) => Sent.GetValueOrDefault($"{grainKey}:{method}");

    /// <summary>Calls to fail, by "Method:first argument", with how many times: a fault injected at the grain boundary.</summary>
    public static readonly ConcurrentDictionary<string, int> Failures = new(StringComparer.Ordinal);

    private const string MemoryStorage = "memory";

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(MemoryStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (services, _) => new FailingStorage(services.GetRequiredKeyedService<IGrainStorage>(MemoryStorage)));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(services =>
                Clocks.GetOrAdd(services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId, _ => new ShiftedClock()));
            silo.Services.AddControlPlaneDomain(new ConfigurationBuilder().Build());
            silo.Services.Configure<HealthOptions>(o =>
            {
                // Short enough for the liveness test, long enough that a CPU-starved CI machine
                // does not flip a steady node's readiness in the middle of another test.
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
                o.UnknownAfterMissed = 4;
                o.NotReadyAfterMissed = 8;
            });
            silo.AddOutgoingGrainCallFilter(context =>
            {
                Sent.AddOrUpdate($"{context.TargetId.Key}:{context.InterfaceMethod.Name}", 1, (_, n) => n + 1);
                return context.Invoke();
            });
            silo.AddIncomingGrainCallFilter(context =>
            {
                Calls.AddOrUpdate($"{context.TargetId.Key}:{context.InterfaceMethod.Name}", 1, (_, n) => n + 1);
                var failure = $"{context.InterfaceMethod.Name}:{(context.Request.GetArgumentCount() > 0 ? context.Request.GetArgument(0) : null)}";
                if (Failures.TryGetValue(failure, out var left) && left > 0 && Failures.TryUpdate(failure, left - 1, left))
                {
                    throw new InvalidOperationException($"injected failure of {failure}");
                }

                return context.Invoke();
            });
        }
    }
}
