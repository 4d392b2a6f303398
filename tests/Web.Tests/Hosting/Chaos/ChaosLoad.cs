using System.Collections.Concurrent;
using ControlPlane.Web.Tests.Apis;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// The load of a chaos run, through the REST API: every node reports probes with increasing sequences, a deployment storm
/// puts one deployment after another (an answer that is not a success is retried later, as automation honouring
/// <c>Retry-After</c> would), and operators cordon other nodes with a distinct reason each time. It remembers what was
/// accepted and what answered an error, for <see cref="ChaosVerdict"/>.
/// </summary>
internal sealed class ChaosLoad(ChaosClient client, string pool, IReadOnlyList<string> nodes, IReadOnlyList<string> cordonNodes, int deployments)
{
    private readonly ConcurrentDictionary<string, long> sequences = new();
    private readonly ConcurrentQueue<string> pendingDeployments = new(Enumerable.Range(1, deployments).Select(i => $"storm-{i:D2}"));
    private int cordonCount;

    public ConcurrentDictionary<string, long> AcceptedSequence { get; } = new();

    /// <summary>Answers that named a last accepted sequence below one this load had accepted for the node (must stay empty).</summary>
    public ConcurrentBag<string> SequenceWentBackwards { get; } = [];

    public ConcurrentBag<string> AcceptedDeployments { get; } = [];

    public ConcurrentBag<(string Node, string Reason)> AcceptedCordons { get; } = [];

    public ConcurrentBag<(string Node, string Reason)> FailedCordons { get; } = [];

    public string Pool => pool;

    public IReadOnlyList<string> CordonNodes => cordonNodes;

    public object Spec => DeploymentCalls.Spec(pool);

    /// <summary>Registers every node with its first report; these must all succeed (the cluster is healthy).</summary>
    public async Task RegisterAsync(string cordonPool)
    {
        foreach (var node in nodes)
        {
            Assert.True((await ProbeAsync(node, pool)).Succeeded, $"registering {node}");
        }

        foreach (var node in cordonNodes)
        {
            Assert.True((await ProbeAsync(node, cordonPool)).Succeeded, $"registering {node}");
        }
    }

    /// <summary>Runs probes, the deployment storm and cordons until <paramref name="stop"/>.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(
        ProbeLoopAsync(0, 2, stop), ProbeLoopAsync(1, 2, stop), StormLoopAsync(stop), CordonLoopAsync(stop));

    /// <summary>After the fault: puts every deployment not yet accepted until it is, within <paramref name="bound"/>.</summary>
    public async Task FinishStormAsync(TimeSpan bound)
    {
        using var stop = new CancellationTokenSource(bound);
        await StormLoopAsync(stop.Token, untilDone: true);
    }

    private async Task<ChaosCall> ProbeAsync(string node, string nodePool)
    {
        var sequence = sequences.AddOrUpdate(node, 1, (_, s) => s + 1);
        var call = await client.ProbeAsync(node, nodePool, sequence);
        if (call.Succeeded)
        {
            AcceptedSequence.AddOrUpdate(node, sequence, (_, s) => Math.Max(s, sequence));
        }
        else if (call.LastAcceptedSequence is { } ceiling)
        {
            // As cp-agent does: continue above what the node holds.
            sequences.AddOrUpdate(node, ceiling, (_, s) => Math.Max(s, ceiling));
            if (ceiling < AcceptedSequence.GetValueOrDefault(node))
            {
                SequenceWentBackwards.Add($"{node}: answered {ceiling} after {AcceptedSequence[node]} was accepted");
            }
        }

        return call;
    }

    private async Task ProbeLoopAsync(int worker, int workers, CancellationToken stop)
    {
        var mine = nodes.Where((_, i) => i % workers == worker).ToArray();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            await ProbeAsync(mine[i % mine.Length], pool);
            await Pause(100, stop);
        }
    }

    private async Task StormLoopAsync(CancellationToken stop, bool untilDone = false)
    {
        ChaosCall? refused = null;
        while (!stop.IsCancellationRequested && pendingDeployments.TryDequeue(out var name))
        {
            var call = await client.PutDeploymentAsync(name, Spec);
            if (call.Succeeded)
            {
                AcceptedDeployments.Add(name);
            }
            else
            {
                refused = call;
                pendingDeployments.Enqueue(name);
            }

            await Pause(call.Succeeded ? 600 : 1000, stop);
        }

        if (untilDone)
        {
            Assert.True(pendingDeployments.IsEmpty, $"deployments still refused after the outage: {string.Join(", ", pendingDeployments)}; last refusal: {refused}");
        }
    }

    private async Task CordonLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref cordonCount);
            var node = cordonNodes[n % cordonNodes.Count];
            var reason = $"chaos cordon {n}";
            var call = await client.CordonAsync(node, reason);
            // 504 "Outcome unknown" promises nothing either way: the cordon is neither counted as accepted nor as refused.
            if (call.Status != 504)
            {
                (call.Succeeded ? AcceptedCordons : FailedCordons).Add((node, reason));
            }

            await Pause(700, stop);
        }
    }

    private static async Task Pause(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }
}
