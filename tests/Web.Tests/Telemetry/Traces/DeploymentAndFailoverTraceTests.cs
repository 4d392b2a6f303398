using System.Diagnostics;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Failover;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry.Traces;

/// <summary>
/// One trace per path, recorded by OpenTelemetry's in-memory exporter from a real control plane whose cluster is the fake
/// API server: <c>PUT /api/v1/deployments/{name}</c> down to a span per applied object, and an NCCL timeout through the
/// failover grain, blame, quarantine, re-place and the apply that waits for the old pods to go.
/// </summary>
public sealed class DeploymentAndFailoverTraceTests(TracedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<TracedClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_put_is_one_trace_from_the_http_request_through_the_grains_to_a_span_per_applied_object()
    {
        await Plane.ReportNodesAsync("tr-put", NodeTemplates.H20, 1);
        await Plane.PlaceAsync("traced", DeploymentCalls.Spec("tr-put", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));

        var request = await Eventually.Until(
            () => Task.FromResult(fixture.Spans.Where(s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == "/api/v1/deployments/traced" && Tag(s, "http.request.method") == "PUT")),
            found => found.Length == 1);
        var traceId = request[0].TraceId.ToHexString();
        var tree = await Eventually.Until(() => Task.FromResult(Traced(traceId)), Complete);
        output.WriteLine(tree.Print());

        var root = Assert.Single(tree.Roots);
        Assert.Equal((request[0].SpanId, "/api/v1/deployments/{name}"), (root.SpanId, Tag(root, "http.route")));
        var put = tree.Single("deployment.put");
        var apply = tree.Single("deployment.apply");
        Assert.True(tree.Descends(put, root), tree.PathOf(put));
        Assert.True(tree.Descends(tree.Single("placement.plan"), put), tree.PathOf(tree.Single("placement.plan")));
        Assert.True(tree.Descends(apply, put), tree.PathOf(apply));
        Assert.Contains(tree.Spans, s => s.Source.Name == "Microsoft.Orleans.Application" && tree.Descends(put, s));

        var pods = tree.Named("kubernetes.apply Pod");
        Assert.Equal(["traced-decode-0", "traced-prefill-0"], pods.Select(p => Tag(p, "k8s.object.name")).Order(StringComparer.Ordinal));
        Assert.All(pods, p => Assert.True(tree.Descends(p, apply), tree.PathOf(p)));
        Assert.All(pods, p => Assert.Equal((Ns, "Pod", "traced"), (Tag(p, "k8s.namespace.name"), Tag(p, "k8s.object.kind"), Tag(p, "controlplane.deployment"))));
        Assert.All(tree.Named("kubernetes.apply Service"), s => Assert.True(tree.Descends(s, apply), tree.PathOf(s)));
    }

    [Fact(Timeout = 90_000)]
    public async Task An_nccl_timeout_is_one_trace_through_blame_quarantine_replace_and_the_deferred_apply_and_the_incident_names_it()
    {
        await Plane.ReportNodesAsync("tr-fo", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("failing", DeploymentCalls.Spec("tr-fo", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        await Eventually.Until(() => Plane.DeploymentAsync("failing"), v => v.Pairs[0].Pods.Length == 2);
        fixture.Cluster.Kubelet.Run(Ns, "failing-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "failing-decode-0");
        await Eventually.Until(() => Plane.DeploymentAsync("failing"), v => v.Status == DeploymentStatus.Running);

        var id = await Plane.SignalTimeoutAsync(new
        {
            deployment = "failing",
            pair = 0,
            op = "SEND",
            timeoutMs = 600000,
            ranks = new[]
            {
                new { rank = 0, role = "prefill", lastEnqueued = 812L, lastCompleted = 811L },
                new { rank = 0, role = "decode", lastEnqueued = 813L, lastCompleted = 812L },
            },
            source = "vllm-sidecar",
        });
        var incident = await Plane.IncidentAsync(id);
        Assert.Matches("^[0-9a-f]{32}$", incident.TraceId);

        // The replacement's objects wait for the old pods to go; their apply, a later turn, is still part of the trace.
        await Eventually.Until(() => Plane.DeploymentAsync("failing"), v => v.Pairs[0].Revision == 1 && v.Removing.Length == 1);
        await fixture.Cluster.DeletedAsync(Ns, "failing-prefill-0", "failing-decode-0");
        fixture.Cluster.Kubelet.Terminate(Ns, "failing-prefill-0");
        fixture.Cluster.Kubelet.Terminate(Ns, "failing-decode-0");
        await Eventually.Until(() => Plane.DeploymentAsync("failing"), v => v.Removing.Length == 0 && v.Pairs[0].State == PairState.Bound);
        fixture.Cluster.Kubelet.Run(Ns, "failing-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "failing-decode-0");
        await Eventually.Until(() => Plane.IncidentAsync(id), i => i.State == IncidentState.Recovered);

        var tree = await Eventually.Until(() => Task.FromResult(Traced(incident.TraceId!)), Complete);
        output.WriteLine(tree.Print());

        var root = Assert.Single(tree.Roots);
        Assert.Equal(("POST", "/api/v1/signals/nccl-timeout"), (Tag(root, "http.request.method"), Tag(root, "http.route")));
        var signal = tree.Single("failover.signal");
        var blame = tree.Single("incident.blame");
        var act = tree.Single("incident.act");
        var quarantine = tree.Single("incident.quarantine");
        var replace = tree.Single("incident.replace");
        var failover = tree.Single("deployment.failover");
        var apply = Assert.Single(tree.Named("deployment.apply"), a => tree.Named("kubernetes.apply Pod").Any(p => tree.Descends(p, a)));
        (Activity Child, Activity Parent)[] chain =
        [
            (signal, root), (blame, signal), (act, blame), (quarantine, act), (replace, act), (failover, replace), (apply, failover),
        ];
        Assert.All(chain, link => Assert.True(tree.Descends(link.Child, link.Parent), $"{link.Child.DisplayName} is not under {link.Parent.DisplayName}: {tree.PathOf(link.Child)}"));
        Assert.True(tree.Named("placement.plan").Any(p => tree.Descends(p, failover)), "no placement.plan under deployment.failover");
        Assert.Equal((id, "Replaced"), (Tag(replace, "controlplane.incident"), Tag(replace, "controlplane.failover.result")));
        Assert.Equal("quarantine", Tag(quarantine, "controlplane.step"));

        var pods = tree.Named("kubernetes.apply Pod");
        Assert.Equal(["failing-decode-0", "failing-prefill-0"], pods.Select(p => Tag(p, "k8s.object.name")).Order(StringComparer.Ordinal));
        Assert.All(pods, p => Assert.True(tree.Descends(p, apply), tree.PathOf(p)));
    }

    /// <summary>
    /// The control plane's spans of a trace. The fake API server, hosted in this process, joins the trace too (KubernetesClient
    /// sends <c>traceparent</c>); its spans are left out, as a real API server's would not reach this exporter.
    /// </summary>
    private TraceTree Traced(string traceId) =>
        new([.. fixture.Spans.Of(traceId).Where(s => Tag(s, "http.route") != FakeApiRoute)]);

    /// <summary>Both pods applied, and every span ended (a span still open leaves its ended children looking like roots).</summary>
    private static bool Complete(TraceTree tree) => tree.Named("kubernetes.apply Pod").Length == 2 && tree.Roots.Length == 1;

    private const string FakeApiRoute = "/{**path}";

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
