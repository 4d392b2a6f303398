using ControlPlane.Deploy.Tests.Composition;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

public class DisruptionBudgetTests
{
    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Silos_and_web_front_ends_each_have_a_budget_that_selects_their_pods_and_lets_a_drain_proceed(string folder)
    {
        var set = ManifestSet.Compose(folder);

        Assert.All(new[] { "controlplane-silo", "controlplane-web" }, name =>
        {
            var workload = Workload.Named(set, name);
            var budget = Assert.Single(set.OfType<V1PodDisruptionBudget>(), b =>
                b.Namespace() == workload.Namespace && b.Spec.Selector.MatchLabels.All(l => workload.PodLabels.TryGetValue(l.Key, out var v) && v == l.Value));
            Assert.NotEmpty(budget.Spec.Selector.MatchLabels);
            // maxUnavailable 1 never blocks a drain outright, whatever the replica count (one in the demo).
            Assert.Equal("1", budget.Spec.MaxUnavailable?.Value);
            Assert.Null(budget.Spec.MinAvailable);
        });
    }
}
