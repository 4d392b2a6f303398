using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The bind stage: a placement plan to the Kubernetes objects under which its wires actually work (docs/architecture.md,
/// facts the code is built on). Pure: no cluster, no grain; <see cref="IManifestApplier"/> applies the result.
/// </summary>
public static class ManifestRenderer
{
    /// <summary>Pairs as plain units: plan position i is <c>pair-{i}</c>, serving at index i.</summary>
    public static RenderedManifests Render(string deployment, DeploymentSpec spec, ModelSpec model, PlacementPlan plan, RenderOptions options) =>
        Render(deployment, spec, model, [.. plan.Pairs.Select((p, i) => new RenderUnit(PairUnit.Pair(i), i, p))], options);

    /// <summary>Serving pairs and warm spares: every unit's claims, Service and pods; the router and the endpoints list only serving ones, by index.</summary>
    public static RenderedManifests Render(string deployment, DeploymentSpec spec, ModelSpec model, IReadOnlyList<RenderUnit> units, RenderOptions options)
    {
        ResourceNames.CheckDeployment(deployment);
        var strategy = BindingStrategies.Resolve(options.Binding, spec.Binding, options.DefaultBinding);
        var binding = GpuBindings.For(strategy);
        var engine = EngineCommands.For(spec.Engine);

        var claims = new List<IKubernetesObject>();
        var services = new List<IKubernetesObject>();
        var pods = new List<IKubernetesObject>();
        var pairs = new List<RenderedPair>();
        var warnings = new List<string>();
        foreach (var (unit, index, pair) in units.OrderBy(u => u.Index is null).ThenBy(u => u.Index).ThenBy(u => u.Unit.Number))
        {
            var name = index is { } i ? $"pairs[{i}]" : unit.Name;
            PlacementChecks.Check(pair, spec, name);
            if (string.Equals(pair.Tier, "tcp", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"{(index is { } at ? $"pair {at}" : unit.Name)}: {ObjectLabels.TcpWarning(pair)}");
            }

            claims.AddRange(MultiNodeNvlinkWiring.PairObjects(deployment, unit, pair, options, spec.Labels, strategy));
            claims.AddRange(binding.PairObjects(deployment, unit, pair, options, spec.Labels));
            services.Add(PairServiceRenderer.Render(deployment, unit, pair, engine, spec.TransferBackend, options, strategy, spec.Labels));
            foreach (var role in new[] { ReplicaRole.Prefill, ReplicaRole.Decode })
            {
                var replica = new ReplicaContext
                {
                    Deployment = deployment,
                    Unit = unit,
                    Role = role,
                    Self = role == ReplicaRole.Prefill ? pair.Prefill : pair.Decode,
                    Peer = role == ReplicaRole.Prefill ? pair.Decode : pair.Prefill,
                    Pair = pair,
                    Spec = spec,
                    Model = model,
                    Options = options,
                    Binding = strategy,
                };
                var (pod, podWarnings) = ReplicaPodRenderer.Render(replica, engine, binding);
                pods.Add(pod);
                warnings.AddRange(podWarnings);
            }

            if (index is { } serving)
            {
                pairs.Add(DeploymentEndpoints.Pair(deployment, serving, unit, pair, engine, options));
            }
        }

        // The router after the pairs' Services and pods: what it dials exists (or is coming) when it starts.
        IReadOnlyList<IKubernetesObject> router = options.PdRouter && pairs.Count > 0 ? PdRouterRenderer.Render(deployment, spec, pairs, engine, options) : [];
        List<IKubernetesObject> objects = [.. claims, .. services, .. pods, .. router];
        if (options.DisruptionBudget && pods.Count > 0)
        {
            objects.Add(DisruptionBudgetRenderer.Render(deployment, pods.Count, options, spec.Labels));
        }

        return new RenderedManifests
        {
            Deployment = deployment,
            Namespace = options.Namespace,
            Binding = strategy,
            Objects = objects,
            Pairs = pairs,
            RouterUrl = router.Count > 0 ? PdRouterRenderer.Url(deployment, options) : null,
            Warnings = warnings,
        };
    }
}
