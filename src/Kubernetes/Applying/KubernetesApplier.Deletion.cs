using System.Net;
using System.Text.Json;
using ControlPlane.Wire.Deployments;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>Deleting a deployment's or some pairs' objects by label: pods first, then what they used.</summary>
public sealed partial class KubernetesApplier
{
    public Task<ApplyResult> DeleteAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default) =>
        DeleteSelectedAsync(deployment, [ControlPlaneLabels.SelectorFor(deployment)], budgets: true, @namespace ?? options.Namespace, cancellationToken);

    public Task<ApplyResult> DeletePairsAsync(string deployment, IReadOnlyCollection<PairUnit> units, string? @namespace = null, CancellationToken cancellationToken = default) =>
        DeleteSelectedAsync(
            deployment,
            [.. (units ?? []).Select(u => $"{ControlPlaneLabels.SelectorFor(deployment)},{ControlPlaneLabels.Pair}={u.Label}")],
            budgets: false,
            @namespace ?? options.Namespace,
            cancellationToken);

    private async Task<ApplyResult> DeleteSelectedAsync(string deployment, IReadOnlyList<string> selectors, bool budgets, string ns, CancellationToken cancellationToken)
    {
        var deleted = new List<ObjectRef>();
        foreach (var selector in selectors)
        {
            deleted.AddRange(await DeleteSelectedAsync(ns, selector, budgets, cancellationToken).ConfigureAwait(false));
        }

        LogDeleted(deleted.Count, deployment, ns);
        return new ApplyResult { Mode = ApplyMode.Kubernetes, Done = true, Message = $"deleted {deleted.Count} objects of '{deployment}' from namespace {ns}.", Objects = deleted };
    }

    private async Task<List<ObjectRef>> DeleteSelectedAsync(string ns, string selector, bool budgets, CancellationToken cancellationToken)
    {
        var deleted = new List<ObjectRef>();

        // Pods first: their claims are only released once no pod reserves them.
        foreach (var pod in (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await Ignore404(client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef("Pod", ns, pod.Metadata.Name));
        }

        foreach (var service in (await client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await Ignore404(client.CoreV1.DeleteNamespacedServiceAsync(service.Metadata.Name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef("Service", ns, service.Metadata.Name));
        }

        // The PD router (a Deployment) belongs to the whole deployment, like the budget: not to a pair.
        foreach (var router in budgets ? (await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items : [])
        {
            await Ignore404(client.AppsV1.DeleteNamespacedDeploymentAsync(router.Metadata.Name, ns, propagationPolicy: "Background", cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef("Deployment", ns, router.Metadata.Name));
        }

        foreach (var budget in budgets ? (await client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items : [])
        {
            await Ignore404(client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(budget.Metadata.Name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef("PodDisruptionBudget", ns, budget.Metadata.Name));
        }

        // After the pods: the ComputeDomain controller removes its finalizer once no pod uses the domain's channel.
        foreach (var domain in await ListComputeDomainsAsync(ns, selector, cancellationToken).ConfigureAwait(false))
        {
            await Ignore404(client.CustomObjects.DeleteNamespacedCustomObjectAsync(ComputeDomain.Group, ComputeDomain.Version, ns, ComputeDomain.Plural, domain, cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef(ComputeDomain.KubeKind, ns, domain));
        }

        foreach (var claim in await ListClaimsAsync(ns, selector, cancellationToken).ConfigureAwait(false))
        {
            await Ignore404(client.ResourceV1.DeleteNamespacedResourceClaimAsync(claim, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            deleted.Add(new ObjectRef("ResourceClaim", ns, claim));
        }

        return deleted;
    }

    /// <summary>Clusters without DRA (no <c>resource.k8s.io/v1</c>) answer 404: they have no claims to delete.</summary>
    private async Task<IEnumerable<string>> ListClaimsAsync(string ns, string selector, CancellationToken cancellationToken)
    {
        try
        {
            var claims = await client.ResourceV1.ListNamespacedResourceClaimAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            return claims.Items.Select(c => c.Metadata.Name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    private static async Task Ignore404<T>(Task<T> delete)
    {
        try
        {
            await delete.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Clusters without NVIDIA's ComputeDomain CRD answer 404: they have no ComputeDomains to delete.</summary>
    private async Task<IEnumerable<string>> ListComputeDomainsAsync(string ns, string selector, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(ComputeDomain.Group, ComputeDomain.Version, ns, ComputeDomain.Plural, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            return list.TryGetProperty("items", out var items)
                ? [.. items.EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!)]
                : [];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    /// <summary>
    /// Server-side apply of a ComputeDomain (a custom resource: KubernetesClient's CustomObjects API). A cluster without
    /// NVIDIA's DRA driver serves no such resource and answers 404: said in words, naming the setting that avoids it.
    /// </summary>
    private async Task<object> ApplyComputeDomainAsync(V1Patch patch, string name, string ns, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, ComputeDomain.Group, ComputeDomain.Version, ns, ComputeDomain.Plural, name,
                fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"The cluster serves no {ComputeDomain.KubeApiVersion} {ComputeDomain.KubeKind} (applying {ns}/{name}): install NVIDIA's DRA driver with ComputeDomains "
                + $"(github.com/NVIDIA/k8s-dra-driver-gpu), or set {KubernetesOptions.Section}:{nameof(RenderOptions.MultiNodeNvlink)} to {nameof(MultiNodeNvlinkMode.CliqueAffinity)}.", e);
        }
    }
}
