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
    public static RenderedManifests Render(string deployment, DeploymentSpec spec, ModelSpec model, PlacementPlan plan, RenderOptions options)
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
        for (var index = 0; index < plan.Pairs.Length; index++)
        {
            var pair = plan.Pairs[index];
            PlacementChecks.Check(pair, spec, index);
            if (string.Equals(pair.Tier, "tcp", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"pair {index}: {ObjectLabels.TcpWarning(pair)}");
            }

            claims.AddRange(binding.PairObjects(deployment, index, pair, options, spec.Labels));
            services.Add(PairServiceRenderer.Render(deployment, index, pair, engine, options, strategy, spec.Labels));
            foreach (var role in new[] { ReplicaRole.Prefill, ReplicaRole.Decode })
            {
                var replica = new ReplicaContext
                {
                    Deployment = deployment,
                    PairIndex = index,
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

            pairs.Add(DeploymentEndpoints.Pair(deployment, index, pair, engine, options));
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
