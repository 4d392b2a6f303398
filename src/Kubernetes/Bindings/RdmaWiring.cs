using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Cross-node pairs: the replica's placed NIC, and only it. The node's RDMA resource (<c>rdma/…</c>, published by the
/// RDMA shared-device plugin) is requested so the device files of the HCA are in the pod; <c>NCCL_IB_HCA</c> and
/// <c>UCX_NET_DEVICES=&lt;nic&gt;:1</c> pin NCCL and UCX/NIXL to it (otherwise they may pick a Down port or a NIC on the
/// wrong PCIe switch); the engine's own flag (SGLang <c>--disaggregation-ib-device</c>) is set by its command.
/// <c>IPC_LOCK</c> lets the verbs stack pin (register) memory without a memlock limit.
/// </summary>
internal static class RdmaWiring
{
    /// <summary>Returns a warning when the placement gave no NIC or no RDMA resource to request.</summary>
    public static string? Apply(V1Container engine, ReplicaContext replica)
    {
        Capabilities.Add(engine, "IPC_LOCK");
        if (replica.Self.Nic is not { Length: > 0 } nic)
        {
            return $"{replica.PodName}: cross-node pair on tier '{replica.Pair.Tier}' but the placement named no NIC; NCCL/UCX choose their own.";
        }

        engine.Env.Add(new V1EnvVar { Name = "NCCL_IB_HCA", Value = nic });
        engine.Env.Add(new V1EnvVar { Name = "UCX_NET_DEVICES", Value = $"{nic}:1" });
        if (replica.Self.RdmaResource is not { Length: > 0 } resource)
        {
            return $"{replica.PodName}: NIC {nic} on {replica.Self.Node} publishes no RDMA resource; the pod may not see the HCA.";
        }

        engine.Resources ??= new V1ResourceRequirements();
        engine.Resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        engine.Resources.Limits[resource] = new ResourceQuantity("1");
        return null;
    }
}
