using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using ControlPlane.Kubernetes.Tests;
using ControlPlane.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Deploy.Tests.Rbac;

/// <summary>
/// What <see cref="KubernetesApplier"/> needs from the API server, found by running every one of its entry points
/// (apply with a DRA claim, the PD router and a disruption budget, and a cross-tray pair's ComputeDomain; list; read a pod's log and its events; watch; delete a pair; delete
/// all) against the fake API server and translating each request it made into the RBAC permission that authorizes it.
/// </summary>
public static class ApplierUse
{
    public const string Namespace = "inference";

    /// <summary>The <see cref="IManifestApplier"/> methods <see cref="RecordAsync"/> calls: a new one must be added there.</summary>
    public static readonly string[] Exercised =
    [
        nameof(IManifestApplier.ApplyAsync), nameof(IManifestApplier.ListPodsAsync), nameof(IManifestApplier.ReadPodLogAsync),
        nameof(IManifestApplier.WatchPodsAsync), nameof(IManifestApplier.DeletePairsAsync), nameof(IManifestApplier.DeleteAsync),
        nameof(IManifestApplier.ForceDeletePodAsync), nameof(IManifestApplier.ListPodEventsAsync),
    ];

    public static async Task<IReadOnlyList<(string Namespace, Grant Grant)>> RecordAsync(string ns = Namespace)
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = new KubernetesApplier(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = ns } }), NullLogger<KubernetesApplier>.Instance);
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = ns, Binding = "dra", DisruptionBudget = true });

        await applier.ApplyAsync(manifests);
        var crossTray = ManifestRenderer.Render("qwen", Plans.Spec(tp: 4), Plans.Qwen72B, Plans.CrossTrayGb200(out _, out _), new RenderOptions { Namespace = ns });
        await applier.ApplyAsync(crossTray with { Objects = [.. crossTray.Objects.OfType<ComputeDomain>()] });
        await applier.ListPodsAsync("qwen");
        fake.SetPodLog(ns, "qwen-decode-0", "NCCL INFO Bootstrap");
        fake.Kubelet.Run(ns, "qwen-decode-0");
        await using (var log = await applier.ReadPodLogAsync("qwen-decode-0", PodLogTail.ForDiagnosis))
        {
            Assert.NotNull(log);
        }

        Assert.Contains(await applier.ListPodEventsAsync("qwen-decode-0"), e => e.Reason == "Started");
        await WatchUntilAChangeAsync(applier, fake, ns);
        await applier.ForceDeletePodAsync("qwen-decode-0");
        await applier.DeletePairsAsync("qwen", [PairUnit.Pair(0)]);
        await applier.DeleteAsync("qwen");

        return [.. fake.Requests.SelectMany(Translate)];
    }

    private static async Task WatchUntilAChangeAsync(KubernetesApplier applier, FakeKubernetesApiServer fake, string ns)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in applier.WatchPodsAsync("qwen", cancellationToken: timeout.Token))
        {
            if (change.Event == "Listed" && change.Pod.Name == "qwen-decode-0")
            {
                fake.Kubelet.Run(ns, "qwen-prefill-0");
            }
            else if (change.Event != "Listed")
            {
                return;
            }
        }
    }

    /// <summary>
    /// <c>/api/v1/namespaces/{ns}/{resource}[/{name}[/{subresource}]]</c> (or under <c>/apis/{group}/{version}</c>) and
    /// the method to the verbs that authorize it; a subresource is its own RBAC resource (<c>pods/log</c>). A server-side
    /// apply (PATCH, apply-patch content) is authorized as "patch" and, when it creates the object, as "create" too.
    /// </summary>
    public static IEnumerable<(string Namespace, Grant Grant)> Translate(FakeKubernetesApiServer.RecordedRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, rest) = segments[0] == "api" ? ("", segments[2..]) : (segments[1], segments[3..]);
        if (rest.Length is < 3 or > 5 || rest[0] != "namespaces")
        {
            throw new InvalidOperationException($"the applier called a path outside a namespace: {request.Method} {request.Path}");
        }

        var (ns, resource, named) = (rest[1], rest.Length == 5 ? $"{rest[2]}/{rest[4]}" : rest[2], rest.Length > 3);
        string[] verbs = (request.Method, named) switch
        {
            ("PATCH", true) when request.ContentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true => ["patch", "create"],
            ("PATCH", true) => ["patch"],
            ("GET", false) when request.Query.GetValueOrDefault("watch") == "true" => ["watch"],
            ("GET", false) => ["list"],
            ("GET", true) => ["get"],
            ("DELETE", true) => ["delete"],
            ("DELETE", false) => ["deletecollection"],
            ("POST", false) => ["create"],
            ("PUT", true) => ["update"],
            _ => throw new InvalidOperationException($"no RBAC verb for {request.Method} {request.Path}"),
        };
        return verbs.Select(v => (ns, new Grant(group, resource, v)));
    }
}
