using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>Warm spares are rendered like pairs under their own unit's names, and serve nothing: no router entry, no endpoint.</summary>
public class SpareRenderingTests
{
    private static readonly RenderOptions Options = new() { Namespace = "serving", PdRouter = true, DisruptionBudget = true, Binding = "dra" };

    [Fact]
    public void A_spare_gets_its_own_pods_service_claims_and_label_and_the_router_and_endpoints_leave_it_out()
    {
        var two = Plans.TwoPairsH20();
        RenderUnit[] units = [new(PairUnit.Pair(0), 0, two.Pairs[0]), new(PairUnit.Spare(3), null, two.Pairs[1])];

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, units, Options);

        var prefill = manifests.Pod("qwen-prefill-spare-3");
        Assert.Equal("spare-3", prefill.Metadata.Labels[ControlPlaneLabels.Pair]);
        Assert.Equal("qwen-decode-spare-3", prefill.Metadata.Annotations[ControlPlaneLabels.Peer]);
        Assert.Equal("qwen-spare-3", prefill.Spec.Subdomain);
        var service = manifests.OfKind<V1Service>().Single(s => s.Metadata.Name == "qwen-spare-3");
        Assert.Equal("spare-3", service.Spec.Selector[ControlPlaneLabels.Pair]);
        Assert.Contains(manifests.OfKind<Resourcev1ResourceClaim>(), c => c.Metadata.Name == "qwen-spare-3-gpus");
        Assert.NotNull(manifests.Pod("qwen-prefill-0"));

        var pair = Assert.Single(manifests.Pairs);
        Assert.Equal((0, "pair-0"), (pair.Index, pair.Unit));
        var router = Assert.Single(manifests.OfKind<V1Deployment>()).Spec.Template.Spec.Containers.Single().Command;
        Assert.DoesNotContain(router, a => a.Contains("spare", StringComparison.Ordinal));

        // Applying only the spare leaves the serving pair's objects alone.
        var only = manifests.OnlyUnits(new HashSet<PairUnit> { PairUnit.Spare(3) });
        Assert.DoesNotContain(only.Objects, o => o is V1Pod p && p.Metadata.Name == "qwen-prefill-0");
        Assert.Contains(only.Objects, o => o is V1Pod p && p.Metadata.Name == "qwen-prefill-spare-3");
    }

    [Fact]
    public void A_spare_swapped_in_serves_at_the_pairs_index_under_its_own_names()
    {
        var two = Plans.TwoPairsH20();
        var swapped = new PairView { Id = "qwen/pair-1", Index = 1, Unit = "spare-0", State = PairState.Running, Placement = two.Pairs[1], Revision = 1 };
        var first = new PairView { Id = "qwen/pair-0", Index = 0, State = PairState.Running, Placement = two.Pairs[0] };

        var endpoints = DeploymentEndpoints.For("qwen", Plans.Spec(), [swapped, first], Options);

        Assert.Equal(["qwen-prefill-0", "qwen-prefill-spare-0"], endpoints.Pairs.Select(p => p.PrefillPod));
        Assert.Equal(("http://decode.qwen-spare-0.serving.svc:30000", 1, "spare-0"), (endpoints.Pairs[1].DecodeUrl, endpoints.Pairs[1].Revision, endpoints.Pairs[1].Unit));
    }

    [Fact]
    public void The_longest_names_a_forty_character_deployment_gets_fit_a_dns_label()
    {
        var name = "a" + new string('b', 39);
        Assert.Null(RenderPreflight.NameProblem(name));

        var longest = new[]
        {
            ResourceNames.ReplicaClaim(name, ReplicaRole.Prefill, PairUnit.Spare(PairUnit.MaxSpareNumber)),
            ResourceNames.PairClaim(name, PairUnit.Spare(PairUnit.MaxSpareNumber)),
            ResourceNames.ReplicaClaim(name, ReplicaRole.Prefill, PairUnit.Pair(999)),
        };

        Assert.All(longest, n => Assert.True(n.Length <= 63, $"{n} is {n.Length} characters"));
        Assert.Equal(63, longest[0].Length);
    }

    [Theory]
    [InlineData("pair-3", "3", false, 3)]
    [InlineData("spare-0", "spare-0", true, 0)]
    public void A_unit_reads_back_from_its_name_and_its_label(string name, string label, bool spare, int number)
    {
        var unit = PairUnit.TryParse(name)!.Value;

        Assert.Equal((label, spare, number), (unit.Label, unit.IsSpare, unit.Number));
        Assert.Equal(unit, PairUnit.FromLabel(label));
        Assert.Equal(name, unit.Name);
    }
}
