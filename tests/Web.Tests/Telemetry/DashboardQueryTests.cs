using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Testing.Prometheus;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// The shipped Grafana dashboard (deploy/monitoring/controlplane-dashboard.json) against a real Prometheus scraping a
/// running control plane with a deployment placed, one refused, a pair failed over and an incident open: every panel's every query evaluates without
/// error and returns series. Targets are read from the JSON, so a panel added there is checked with no change here.
/// </summary>
public sealed partial class DashboardQueryTests(ITestOutputHelper output)
{
    private const string Pool = "dash";

    /// <summary>Grafana's built-in interval variables, as Grafana would substitute them before sending a query.</summary>
    private static readonly Dictionary<string, string> GrafanaMacros = new(StringComparer.Ordinal)
    {
        ["$__rate_interval"] = "1m",
        ["$__interval"] = "15s",
        ["$__range"] = "5m",
    };

    public static string DashboardPath => Path.Combine(FixtureFiles.RepositoryRoot, "deploy", "monitoring", "controlplane-dashboard.json");

    [Fact(Timeout = 240_000)]
    public async Task Every_dashboard_query_evaluates_in_a_real_Prometheus_and_returns_series()
    {
        var targets = Targets().ToArray();
        Assert.NotEmpty(targets);

        using var plane = await MeteredControlPlane.StartAsync();
        await plane.PutProbeAsync(Reports.Steady($"{Pool}-1", 1, NodeTemplates.H20) with { Pool = Pool });
        var pairs = await Eventually.Until(() => plane.PutDeploymentAsync("dashboarded", Pool, 2), p => p is not null, attempts: 300);

        // A placement refused (TP 8 + 8 on one 8-GPU node) gives the rejection panel its filters; a manual failover of
        // pair 1 recovers at once (plan-only), giving the failover panel its durations.
        using (var refused = await plane.Client.PutAsJsonAsync(new Uri("/api/v1/deployments/dash-refused", UriKind.Relative),
            DeploymentCalls.Spec(Pool, model: "llama-3.1-8b", prefillTp: 8, decodeTp: 8), ApiJson.Options))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        using (var failover = await plane.Client.PostAsync(new Uri("/api/v1/deployments/dashboarded/pairs/1:failover", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        }

        // A fatal XID on a prefill's GPU opens an incident; with one node its replacement fits nowhere, so it stays open.
        var sick = pairs![0].Placement.Prefill;
        await plane.PutProbeAsync(Reports.WithXid(Reports.Steady(sick.Node, 2, NodeTemplates.H20) with { Pool = Pool }, gpu: sick.GpuIndices[0], xid: 79));

        await using var prometheus = await PrometheusServer.StartAsync(plane.BaseAddress, RunningControlPlane.AdminKey, TimeSpan.FromSeconds(1));
        var counts = await Eventually.Until(
            async () => await Task.WhenAll(targets.Select(async t => (Target: t, Answer: await prometheus.QueryAsync(t.Expr)))),
            answers => answers.All(a => Succeeded(a.Answer) && Series(a.Answer) > 0), attempts: 90, delayMs: 1000);

        foreach (var (target, answer) in counts)
        {
            output.WriteLine($"{Series(answer),3} series  [{target.Panel} / {target.RefId}]  {target.Expr}");
        }

        Assert.All(counts, a => Assert.True(Succeeded(a.Answer), $"{a.Target.Panel}: {a.Target.Expr} → {a.Answer}"));
        Assert.All(counts, a => Assert.True(Series(a.Answer) > 0, $"{a.Target.Panel}: {a.Target.Expr} returned no series"));
    }

    [Fact]
    public void Every_panel_reads_the_datasource_variable_so_the_dashboard_imports_into_any_Grafana()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var variable = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal(("datasource", "prometheus"), (variable.GetProperty("name").GetString(), variable.GetProperty("query").GetString()));
        Assert.All(Panels(dashboard.RootElement), p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    /// <summary>Every target of every panel (rows' nested panels too), Grafana's interval variables substituted.</summary>
    private static IEnumerable<(string Panel, string RefId, string Expr)> Targets()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var targets = new List<(string, string, string)>();
        foreach (var panel in Panels(dashboard.RootElement))
        {
            foreach (var target in panel.TryGetProperty("targets", out var t) ? t.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var expr = GrafanaMacros.Aggregate(target.GetProperty("expr").GetString()!, (e, m) => e.Replace(m.Key, m.Value, StringComparison.Ordinal));
                Assert.False(Variable().IsMatch(expr), $"{panel.GetProperty("title")}: {expr} uses a variable this test does not know");
                targets.Add((panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!, expr));
            }
        }

        return targets;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement parent) =>
        parent.TryGetProperty("panels", out var panels)
            ? panels.EnumerateArray().SelectMany(p => p.GetProperty("type").GetString() == "row" ? Panels(p) : [p]).ToArray()
            : [];

    private static bool Succeeded(JsonElement answer) => answer.GetProperty("status").GetString() == "success";

    private static int Series(JsonElement answer) =>
        Succeeded(answer) ? answer.GetProperty("data").GetProperty("result").GetArrayLength() : 0;

    [GeneratedRegex(@"\$\w+|\$\{")]
    private static partial Regex Variable();
}
