using System.Text.Json.Nodes;
using ControlPlane.Deploy.Tests.Composition;
using Xunit.Abstractions;

namespace ControlPlane.Deploy.Tests.Monitoring;

/// <summary>
/// deploy/monitoring's alert rules, checked and unit-tested by Prometheus' own promtool: each rule fires on the series
/// that should fire it and stays silent otherwise (deploy/monitoring/tests).
/// </summary>
public sealed class AlertRuleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("controlplane-rules-").FullName;

    [Fact]
    public async Task The_shipped_rules_pass_promtool_check()
    {
        var rules = WriteRules();

        var (exit, text) = await Promtool.RunAsync(_work, "check", "rules", rules);

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("SUCCESS: 15 rules found", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_rule_fires_and_stays_silent_as_its_promtool_unit_tests_say()
    {
        WriteRules();
        var tests = Path.Combine(_work, "controlplane-rules.test.yaml");
        File.Copy(RepositoryPaths.Of("deploy/monitoring/tests/controlplane-rules.test.yaml"), tests);

        var (exit, text) = await Promtool.RunAsync(_work, "test", "rules", tests);

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_unit_test()
    {
        var alerts = Alerts().ToHashSet(StringComparer.Ordinal);
        var tested = File.ReadAllLines(RepositoryPaths.Of("deploy/monitoring/tests/controlplane-rules.test.yaml"))
            .Select(l => l.Trim()).Where(l => l.StartsWith("alertname: ", StringComparison.Ordinal)).Select(l => l["alertname: ".Length..]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(15, alerts.Count);
        Assert.Empty(alerts.Except(tested));
    }

    [Fact]
    public async Task A_rule_that_fires_too_early_fails_its_unit_test()
    {
        var rules = WriteRules();
        await File.WriteAllTextAsync(rules, (await File.ReadAllTextAsync(rules)).Replace("\"for\":\"10m\"", "\"for\":\"1m\"", StringComparison.Ordinal));
        var tests = Path.Combine(_work, "controlplane-rules.test.yaml");
        File.Copy(RepositoryPaths.Of("deploy/monitoring/tests/controlplane-rules.test.yaml"), tests);

        var (exit, text) = await Promtool.RunAsync(_work, "test", "rules", tests);

        Assert.NotEqual(0, exit);
        Assert.Contains("ControlPlaneDeploymentNotServing", text, StringComparison.Ordinal);
    }

    /// <summary>The PrometheusRule's <c>spec</c> (a plain rule file) as JSON, which is YAML to promtool.</summary>
    private string WriteRules()
    {
        var path = Path.Combine(_work, "controlplane-rules.rules.yaml");
        File.WriteAllText(path, Spec().ToJsonString());
        return path;
    }

    private static JsonNode Spec()
    {
        var rule = YamlJson.Parse(File.ReadAllText(RepositoryPaths.Of("deploy/monitoring/controlplane-rules.yaml")))!;
        Assert.Equal(("monitoring.coreos.com/v1", "PrometheusRule"), (rule["apiVersion"]!.GetValue<string>(), rule["kind"]!.GetValue<string>()));
        return rule["spec"]!;
    }

    private static IEnumerable<string> Alerts() =>
        Spec()["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!["alert"]!.GetValue<string>());

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
