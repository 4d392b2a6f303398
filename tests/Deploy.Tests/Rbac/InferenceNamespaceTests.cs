using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Deploy.Tests.Manifests;
using ControlPlane.Kubernetes;
using ControlPlane.Kubernetes.Tests;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Rbac;

/// <summary>
/// The namespace the silos render into (<c>ControlPlane__Kubernetes__Namespace</c> in silo.yaml) is the one deploy/ makes
/// ready for it: it exists with the Pod Security level same-node pairs need, and the silos are granted there exactly what
/// the applier calls. Changing the namespace in one place and not the others fails here, naming what is missing.
/// </summary>
public sealed class InferenceNamespaceTests
{
    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public async Task The_namespace_the_silos_render_into_exists_privileged_and_grants_the_silos_what_the_applier_calls(string folder)
    {
        var set = ManifestSet.Compose(folder);

        Assert.Empty(await ProblemsAsync(set));
    }

    [Fact]
    public async Task A_silo_pointed_at_a_namespace_deploy_does_not_prepare_is_caught_naming_each_missing_piece()
    {
        var set = ManifestSet.Compose("base");
        Workload.Named(set, "controlplane-silo").Container("silo").Env("ControlPlane__Kubernetes__Namespace").Value = "llm-serving";

        var problems = await ProblemsAsync(set);

        Assert.Contains("no Namespace llm-serving", problems);
        Assert.Contains(problems, p => p.StartsWith("in llm-serving the silos lack ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_object_rendered_for_a_namespace_lands_in_it_including_the_router_and_budget()
    {
        var options = new RenderOptions { Namespace = "llm-serving", Binding = "dra", DisruptionBudget = true };
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), options);

        Assert.All(manifests.Objects, o => Assert.Equal("llm-serving", ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));
        Assert.Contains(manifests.Objects, o => o is V1Deployment);
        Assert.Contains(manifests.Objects, o => o is V1PodDisruptionBudget);
    }

    private static async Task<List<string>> ProblemsAsync(ManifestSet set)
    {
        var silo = Workload.Named(set, "controlplane-silo");
        var ns = silo.Container("silo").Value("ControlPlane__Kubernetes__Namespace")!;
        var problems = new List<string>();
        var namespaceObject = set.OfType<V1Namespace>().SingleOrDefault(n => n.Name() == ns);
        if (namespaceObject is null)
        {
            problems.Add($"no Namespace {ns}");
        }
        else if ((namespaceObject.Metadata.Labels is not { } labels || !labels.TryGetValue("pod-security.kubernetes.io/enforce", out var level) || level != "privileged"))
        {
            // Same-node pairs need hostIPC and IPC_LOCK, which only "privileged" admits.
            problems.Add($"Namespace {ns} does not enforce the privileged Pod Security level");
        }

        var used = (await ApplierUse.RecordAsync(ns)).Select(u => u.Grant).ToHashSet();
        var granted = RbacTests.GrantsOf(set, silo.Pod.ServiceAccountName, ns);
        if (used.Except(granted).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } lacking)
        {
            problems.Add($"in {ns} the silos lack {string.Join(", ", lacking)}");
        }

        return problems;
    }
}
