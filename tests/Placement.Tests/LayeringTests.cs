using System.Reflection;

namespace ControlPlane.Placement.Tests;

/// <summary>The placement library is pure: the compiler keeps grains and Kubernetes away from it because it cannot reach them.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void Placement_references_neither_Orleans_nor_KubernetesClient_nor_the_grain_contracts()
    {
        var referenced = typeof(PlacementEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("ControlPlane.Wire", referenced);
        Assert.DoesNotContain(referenced, n => n.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n.StartsWith("KubernetesClient", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n is "ControlPlane.Contracts" or "ControlPlane.Grains" or "ControlPlane.Kubernetes");
    }

    [Fact]
    public void Wire_which_placement_reads_carries_Orleans_attributes_only()
    {
        var wire = typeof(PlacementEngine).Assembly.GetReferencedAssemblies().Single(a => a.Name == "ControlPlane.Wire");

        var orleans = Assembly.Load(wire).GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Orleans", StringComparison.Ordinal));

        Assert.Equal(["Orleans.Serialization.Abstractions"], orleans);
    }
}
