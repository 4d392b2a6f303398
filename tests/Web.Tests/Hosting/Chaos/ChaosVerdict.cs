using ControlPlane.Testing;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>The guarantees every chaos run is held to once the fault is over, and the figures it prints.</summary>
internal static class ChaosVerdict
{
    /// <summary>Orleans' response timeout of the run (ControlPlane:Outages:ResponseTimeout, the default).</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What any request may take: the response timeout plus a margin for a 2-core CI machine under load.</summary>
    public static readonly TimeSpan Bound = ResponseTimeout + TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every request was answered within <see cref="Bound"/>, with a success, a 503 (nothing changed) or a 504 (outcome
    /// unknown) that carries Retry-After, or (a probe whose node lost its activation in a crash) a 409 naming the node's
    /// sequence ceiling.
    /// </summary>
    public static void AnsweredNotHung(ChaosClient client, ITestOutputHelper output)
    {
        var calls = client.Calls.ToArray();
        var unavailable = calls.Count(c => c.Status == 503);
        var slowest = calls.MaxBy(c => c.Latency)!;
        output.WriteLine($"FIGURE requests={calls.Length} answered_2xx={calls.Count(c => c.Succeeded)} answered_4xx={calls.Count(c => c.Status is >= 400 and < 500)} " +
            $"answered_503={unavailable} outcome_unknown_504={calls.Count(c => c.Status == 504)} max_latency_ms={slowest.Latency.TotalMilliseconds:F0} ({slowest.Kind})");
        foreach (var kind in calls.GroupBy(c => c.Kind))
        {
            output.WriteLine($"FIGURE   {kind.Key}: {kind.Count()} requests, {kind.Count(c => c.Status == 503)} answered 503, max {kind.Max(c => c.Latency.TotalMilliseconds):F0} ms");
        }

        output.WriteLine($"FIGURE probes_answered_with_the_ceiling={calls.Count(c => c.LastAcceptedSequence is not null)}");
        Assert.All(calls, c => Assert.True(c.Succeeded || c.Status is 503 or 504 || c.LastAcceptedSequence is not null, $"neither a success, a 503, a 504 nor the sequence ceiling: {c}"));
        Assert.All(calls.Where(c => c.Status is 503 or 504), c => Assert.True(c.RetryAfter, $"{c.Status} without Retry-After: {c}"));
        Assert.All(calls, c => Assert.True(c.Latency <= Bound, $"took longer than {Bound.TotalSeconds} s: {c}"));
    }

    /// <summary>
    /// Asserts that no accepted probe, cordon or deployment was lost; returns the cordons that answered an error yet took
    /// effect (in force or in the node's history), for the caller to assert once every other guarantee was checked.
    /// </summary>
    public static async Task<List<string>> NothingLostAsync(ChaosClient client, ChaosLoad load, IReadOnlyList<string> nodes)
    {
        var tookEffect = new List<string>();
        Assert.True(load.SequenceWentBackwards.IsEmpty, "a node's last accepted sequence went backwards:\n" + string.Join("\n", load.SequenceWentBackwards));
        foreach (var node in nodes.Concat(load.CordonNodes))
        {
            var view = await client.GetNodeAsync(node);
            Assert.True(view.Sequence >= load.AcceptedSequence[node], $"{node}: sequence {view.Sequence}, but {load.AcceptedSequence[node]} was accepted");
        }

        var failed = load.FailedCordons.Select(c => c.Reason).ToHashSet();
        foreach (var node in load.CordonNodes)
        {
            var view = await client.GetNodeAsync(node);
            var history = view.CordonHistory.Select(h => h.Reason).ToHashSet();
            var lost = load.AcceptedCordons.Where(c => c.Node == node && !history.Contains(c.Reason)).Select(c => c.Reason).ToArray();
            Assert.True(lost.Length == 0, $"{node}: accepted cordons missing from its history: {string.Join(", ", lost)}");

            tookEffect.AddRange(failed.Where(history.Contains).Select(r => $"{node}: '{r}' answered an error, yet it is in the node's cordon history"));
            if (view.Cordon.Reason is { } reason && failed.Contains(reason))
            {
                tookEffect.Add($"{node}: '{reason}' answered an error, yet that cordon is in force");
            }
        }

        var listed = (await client.ListDeploymentsAsync()).ToDictionary(d => d.Name);
        foreach (var name in load.AcceptedDeployments)
        {
            Assert.True(listed.TryGetValue(name, out var deployment), $"accepted deployment {name} is not listed");
            Assert.True(deployment.Pairs.Length == 1, $"accepted deployment {name} lists {deployment.Pairs.Length} pairs ({deployment.Status}: {deployment.Message})");
        }

        return tookEffect;
    }

    /// <summary>
    /// No request that answered an error took effect. This depends on the grains' state discipline (compute, write, then
    /// make current): a node grain that keeps a cordon whose write failed persists it with its next successful write.
    /// A failure here names NodeGrain.SetCordonAsync (POST /api/v1/nodes/{node}/cordon).
    /// </summary>
    public static void NoErrorTookEffect(IEnumerable<string> tookEffect)
    {
        var found = tookEffect.Distinct().ToArray();
        Assert.True(found.Length == 0, "NodeGrain.SetCordonAsync: cordons answered 503 took effect:\n" + string.Join("\n", found));
    }

    /// <summary>Every GPU's holder exists and holds it, and no GPU is held twice, within <paramref name="bound"/>.</summary>
    public static async Task AllocationsConsistentAsync(ChaosClient client, IReadOnlyList<string> nodes, TimeSpan bound, ITestOutputHelper output)
    {
        var started = DateTime.UtcNow;
        var violations = await Eventually.Until(
            () => AllocationAudit.ViolationsAsync(client, nodes), v => v.Count == 0, attempts: (int)(bound.TotalMilliseconds / 1000), delayMs: 1000);
        output.WriteLine($"FIGURE allocations_consistent_after_s={(DateTime.UtcNow - started).TotalSeconds:F1} violations={violations.Count}");
        Assert.True(violations.Count == 0, "allocation audit:\n" + string.Join("\n", violations));
    }
}
