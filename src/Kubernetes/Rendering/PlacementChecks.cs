using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes;

/// <summary>Refuses to render a placement whose replicas contradict themselves or the spec (wrong GPU count, minors not matching the GPUs).</summary>
internal static class PlacementChecks
{
    /// <param name="field">How errors name the pair: <c>pairs[2]</c>, or <c>spare-0</c>.</param>
    public static void Check(PairPlacement pair, DeploymentSpec spec, string field)
    {
        Replica(pair.Prefill, spec.Prefill.Tp, $"{field}.prefill");
        Replica(pair.Decode, spec.Decode.Tp, $"{field}.decode");
        if (string.Equals(pair.Prefill.Node, pair.Decode.Node, StringComparison.Ordinal)
            && pair.Prefill.GpuIndices.Intersect(pair.Decode.GpuIndices).Any())
        {
            throw new ArgumentException($"{field}: prefill and decode share a GPU on {pair.Prefill.Node}.", nameof(pair));
        }
    }

    private static void Replica(ReplicaPlacement replica, int tp, string field)
    {
        var minors = replica.GpuMinors?.Length ?? tp;
        if (replica.GpuIndices.Length != tp || replica.GpuUuids.Length != tp || minors != tp)
        {
            throw new ArgumentException(
                $"{field}: TP {tp} but {replica.GpuIndices.Length} indices, {replica.GpuUuids.Length} UUIDs and {minors} minors.", field);
        }

        if (string.IsNullOrEmpty(replica.Node))
        {
            throw new ArgumentException($"{field}: no node.", field);
        }
    }
}
