using System.Net;
using System.Net.Http.Json;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>NCCL timeout signals over HTTP in plan-only mode (the embedded default): blame, escalation, replacement.</summary>
public sealed class TimeoutEscalationTests(ApiFixture fixture, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task Two_timeouts_whose_stragglers_sit_behind_one_nic_are_one_incident_blaming_that_nic()
    {
        // Three H20 nodes shaped by hand so that two cross-node pairs share n1's NIC: a holds n1 GPU 0, b holds n1 GPU 1.
        var nodes = await Plane.ReportNodesAsync("fo-nic", NodeTemplates.H20, 3);
        var (n1, n2, n3) = (nodes[0], nodes[1], nodes[2]);
        await HoldAsync(n1, 1, 2, 3, 4, 5, 6, 7);
        await HoldAsync(n2, 1, 2, 3, 4, 5, 6, 7);
        await HoldAsync(n3, 0, 1, 2, 3, 4, 5, 6, 7);
        await Plane.PlaceAsync("nic-a", DeploymentCalls.Spec("fo-nic", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-rdma"));
        await HoldAsync(n1, 2, 3, 4, 5, 6, 7);
        await HoldAsync(n3, 1, 2, 3, 4, 5, 6, 7);
        await Plane.PlaceAsync("nic-b", DeploymentCalls.Spec("fo-nic", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-rdma"));
        var a = (await Plane.DeploymentAsync("nic-a")).Pairs[0];
        var b = (await Plane.DeploymentAsync("nic-b")).Pairs[0];
        var aOnN1 = a.Placement.Prefill.Node == n1 ? a.Placement.Prefill : a.Placement.Decode;
        var bOnN1 = b.Placement.Prefill.Node == n1 ? b.Placement.Prefill : b.Placement.Decode;
        Assert.Equal((n1, "rdma"), (aOnN1.Node, a.Placement.Tier));
        Assert.Equal((n1, "rdma"), (bOnN1.Node, b.Placement.Tier));
        Assert.NotNull(aOnN1.Nic);
        Assert.Equal(aOnN1.Nic, bOnN1.Nic);

        // Room for the replacements.
        await HoldAsync(n2);
        await HoldAsync(n3);

        var first = await Plane.SignalTimeoutAsync(Timeout("nic-a", a.Placement.Prefill.Node == n1 ? "prefill" : "decode"));
        var opened = await Plane.IncidentAsync(first);
        Assert.Equal((IncidentKind.NcclTimeout, ComponentKind.Gpu, n1, aOnN1.GpuIndices[0]), (opened.Kind, opened.Blamed.Kind, opened.Blamed.Node, opened.Blamed.Gpu));

        var second = await Plane.SignalTimeoutAsync(Timeout("nic-b", b.Placement.Prefill.Node == n1 ? "prefill" : "decode"));
        Assert.Equal(first, second);

        var escalated = await Eventually.Until(() => Plane.IncidentAsync(first), i => i.Pairs.Length == 2 && i.Pairs.All(p => p.Progress == "recovered"));
        foreach (var step in escalated.Timeline)
        {
            output.WriteLine($"{step.Step,-12} {step.Pair,-16} {step.Detail}");
        }

        Assert.Equal((ComponentKind.Nic, n1, aOnN1.Nic), (escalated.Blamed.Kind, escalated.Blamed.Node, escalated.Blamed.Nic));
        Assert.Contains(escalated.Timeline, s => s.Step == "escalate" && s.Detail.Contains(aOnN1.Nic!, StringComparison.Ordinal));
        Assert.Equal(IncidentState.Recovered, escalated.State);
        Assert.Contains(escalated.Timeline.First(s => s.Step == "signal").Evidence, e => e.EndsWith("<- straggler", StringComparison.Ordinal));

        var n1View = (await Plane.GetNodeAsync(n1))!;
        Assert.Contains(n1View.Nics, n => n.Report.Device == aOnN1.Nic && n.Quarantine?.Incident == first);
        Assert.Contains(n1View.Gpus, g => g.Report.Index == aOnN1.GpuIndices[0] && g.Quarantine?.Incident == first);
        Assert.Equal(1, (await Plane.DeploymentAsync("nic-a")).Pairs[0].Revision);
        Assert.Equal(1, (await Plane.DeploymentAsync("nic-b")).Pairs[0].Revision);
        Assert.All((await Plane.DeploymentAsync("nic-b")).Pairs, p => Assert.NotEqual(aOnN1.Nic, p.Placement.Prefill.Node == n1 ? p.Placement.Prefill.Nic : null));

        // A person resolves it: the quarantines this incident set are lifted.
        using var resolve = await Plane.PostJsonAsync($"/api/v1/incidents/{first}/resolve", new { note = "reseated the cable" }, ApiFixture.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var after = (await Plane.GetNodeAsync(n1))!;
        Assert.All(after.Nics, n => Assert.Null(n.Quarantine));
        Assert.All(after.Gpus, g => Assert.Null(g.Quarantine));
        Assert.Equal(IncidentState.Resolved, (await Plane.IncidentAsync(first)).State);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_manual_failover_replaces_the_pair_and_quarantines_nothing()
    {
        await Plane.ReportNodesAsync("fo-manual", NodeTemplates.H20, 1);
        await Plane.PlaceAsync("manual", DeploymentCalls.Spec("fo-manual", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        var before = (await Plane.DeploymentAsync("manual")).Pairs[0].Placement;

        using var viewer = await Plane.PostJsonAsync("/api/v1/deployments/manual/pairs/0:failover", new { reason = "draining for a BIOS update" }, ApiFixture.ViewerKey);
        using var unknown = await Plane.PostJsonAsync("/api/v1/deployments/manual/pairs/7:failover", new { reason = "typo" }, ApiFixture.OperatorKey);
        using var accepted = await Plane.PostJsonAsync("/api/v1/deployments/manual/pairs/0:failover", new { reason = "draining for a BIOS update" }, ApiFixture.OperatorKey);

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<IncidentCalls.Accepted>(ApiJson.Options))!.Incident;
        var incident = await Eventually.Until(() => Plane.IncidentAsync(id), i => i.State == IncidentState.Recovered);
        Assert.Equal((IncidentKind.Manual, ComponentKind.Pair), (incident.Kind, incident.Blamed.Kind));
        Assert.Contains("draining for a BIOS update", incident.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(incident.Timeline, s => s.Step == "quarantine");
        var after = (await Plane.DeploymentAsync("manual")).Pairs[0];
        Assert.Equal((1, id), (after.Revision, after.Incident));
        Assert.NotEqual((before.Prefill.Node, before.Prefill.GpuIndices[0]), (after.Placement.Prefill.Node, after.Placement.Prefill.GpuIndices[0]));
        Assert.All((await Plane.GetNodeAsync(before.Prefill.Node))!.Gpus, g => Assert.Null(g.Quarantine));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_signal_is_a_problem_naming_the_field_and_opens_nothing()
    {
        var before = (await Plane.IncidentsAsync()).Length;

        using var noRanks = await Plane.PostJsonAsync("/api/v1/signals/nccl-timeout", new { deployment = "nic-x", pair = 0, ranks = Array.Empty<object>() }, ApiFixture.OperatorKey);
        using var unknown = await Plane.PostJsonAsync("/api/v1/signals/nccl-timeout", Timeout("no-such-deployment", "prefill"), ApiFixture.OperatorKey);
        using var viewer = await Plane.PostJsonAsync("/api/v1/signals/nccl-timeout", Timeout("no-such-deployment", "prefill"), ApiFixture.ViewerKey);

        Assert.Equal(HttpStatusCode.BadRequest, noRanks.StatusCode);
        Assert.True((await noRanks.ProblemAsync()).GetProperty("errors").TryGetProperty("ranks", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(before, (await Plane.IncidentsAsync()).Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_rank_the_pair_does_not_have_is_400_naming_it_and_the_pair_is_not_replaced()
    {
        await Plane.ReportNodesAsync("ranks", NodeTemplates.H20, 1);
        await Plane.PlaceAsync("ranks", DeploymentCalls.Spec("ranks", model: "llama-3.1-8b", prefillTp: 2, decodeTp: 2));
        var before = await Plane.DeploymentAsync("ranks");
        var incidents = (await Plane.IncidentsAsync()).Length;

        using var beyond = await Plane.PostJsonAsync("/api/v1/signals/nccl-timeout", new
        {
            deployment = "ranks", pair = 0,
            ranks = new object[] { new { rank = 1, lastEnqueued = 10L, lastCompleted = 10L }, new { rank = 99, lastEnqueued = 10L, lastCompleted = 9L } },
        }, ApiFixture.OperatorKey);
        using var roleBeyond = await Plane.PostJsonAsync("/api/v1/signals/nccl-timeout", new
        {
            deployment = "ranks", pair = 0,
            ranks = new object[] { new { rank = 0, role = "decode", lastEnqueued = 10L, lastCompleted = 10L }, new { rank = 2, role = "decode", lastEnqueued = 10L, lastCompleted = 9L } },
        }, ApiFixture.OperatorKey);

        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        var errors = (await beyond.ProblemAsync()).GetProperty("errors");
        Assert.Equal("pair 0 has ranks 0..3 (prefill 0..1, decode 2..3), not 99", errors.GetProperty("ranks[1].rank")[0].GetString());
        Assert.False(errors.TryGetProperty("ranks[0].rank", out _));
        Assert.Equal(HttpStatusCode.BadRequest, roleBeyond.StatusCode);
        Assert.Equal("decode of pair 0 has ranks 0..1, not 2", (await roleBeyond.ProblemAsync()).GetProperty("errors").GetProperty("ranks[1].rank")[0].GetString());
        Assert.Equal(incidents, (await Plane.IncidentsAsync()).Length);
        Assert.Equal(before.Pairs[0].Revision, (await Plane.DeploymentAsync("ranks")).Pairs[0].Revision);
    }

    private static object Timeout(string deployment, string stragglerRole) => new
    {
        deployment,
        pair = 0,
        op = "SEND",
        timeoutMs = 600000,
        ranks = new[]
        {
            new { rank = 0, role = stragglerRole, lastEnqueued = 812L, lastCompleted = 811L },
            new { rank = 0, role = stragglerRole == "prefill" ? "decode" : "prefill", lastEnqueued = 813L, lastCompleted = 812L },
        },
        evidence = new[] { "[PG 0 Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=813, OpType=SEND, Timeout(ms)=600000)" },
        source = "vllm-sidecar",
    };

    /// <summary>A stand-in owner (a node grain takes only owners that name a replica).</summary>
    private const string Filler = "test-filler/pair-0/prefill";

    /// <summary>Holds exactly these GPUs of the node for a stand-in owner (and frees the rest), to shape where pairs can go.</summary>
    private async Task HoldAsync(string node, params int[] gpus)
    {
        var grain = Plane.Grains.GetGrain<INodeGrain>(node);
        await grain.ReleaseAsync(Filler);
        if (gpus.Length > 0)
        {
            Assert.True((await grain.ReserveAsync(new GpuReservation { Owner = Filler, GpuIndices = gpus })).Reserved);
        }

        await Plane.IndexedAsync(node); // placement reads the fleet index, which hears of it one-way
    }
}
