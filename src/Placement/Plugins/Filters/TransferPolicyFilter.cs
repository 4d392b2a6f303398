namespace ControlPlane.Placement;

/// <summary>The spec's transfer policy against the KV path tier a choice gets.</summary>
internal sealed class TransferPolicyFilter : IKvPathFilter
{
    public string Name => nameof(TransferPolicyFilter);

    public string? Reject(PlacementRequest request, int rank, string wire)
    {
        if (KvPath.PolicyAllows(request.Policy, rank))
        {
            return null;
        }

        return request.Policy switch
        {
            TransferPolicy.RequireNvlink => $"{Name}: best wire is {wire} ({KvPath.TierName(rank)}), policy require-nvlink needs same-node NV# or one NVLink domain",
            _ => $"{Name}: only {KvPath.TierName(rank)} ({wire}) possible, policy {request.Spec.TransferPolicy} never chooses TCP (allow-tcp does)",
        };
    }
}
