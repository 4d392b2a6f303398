using System.Net;
using System.Security.Cryptography;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>Made-up agent tokens are refused before any grain is activated; only tokens this cluster issued reach a node grain.</summary>
public sealed class AgentTokenPrecheckTests
{
    private const int MadeUp = 2000;

    [Fact(Timeout = 120_000)]
    public async Task Thousands_of_made_up_tokens_activate_no_node_grain_and_real_tokens_still_work()
    {
        await using var plane = await RunningControlPlane.StartAsync();
        var realToken = await plane.IssueTokenAsync("precheck-real");
        var activatedByIssuing = await NodeGrainActivationsAsync(plane);

        var refused = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, MadeUp), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var node = $"made-up-{i}";
            var token = $"cpn_{node}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
            using var response = await plane.PutProbeAsync(node, Reports.Steady(node, 1), token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Interlocked.Increment(ref refused);
            }
        });
        var forgedForRealNode = $"cpn_precheck-real_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        using var forged = await plane.PutProbeAsync("precheck-real", Reports.Steady("precheck-real", 1), forgedForRealNode);
        var activatedAfterMadeUp = await NodeGrainActivationsAsync(plane);
        using var real = await plane.PutProbeAsync("precheck-real", Reports.Steady("precheck-real", 1), realToken);
        using var listed = await plane.Client().GetAsync(new Uri("/api/v1/nodes", UriKind.Relative));

        Assert.Equal(1, activatedByIssuing);
        Assert.Equal(MadeUp, refused);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(1, activatedAfterMadeUp);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.DoesNotContain("made-up-", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<int> NodeGrainActivationsAsync(RunningControlPlane plane)
    {
        var statistics = await plane.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("NodeGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
