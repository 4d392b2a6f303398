namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>How a connection's transport is slower than the node's topology allows.</summary>
[Flags]
internal enum WireLoss
{
    None = 0,

    /// <summary>Ranks on one node connect over SHM instead of P2P.</summary>
    P2p = 1 << 0,

    /// <summary>Ranks on one node connect over the network (NET/…) instead of P2P or SHM.</summary>
    Local = 1 << 1,

    /// <summary>Ranks on different nodes connect over NET/Socket (TCP) instead of NET/IB (RDMA).</summary>
    Rdma = 1 << 2,

    /// <summary>Ranks on different nodes connect over NET/IB without GPUDirect RDMA (no GDRDMA).</summary>
    Gdr = 1 << 3,

    All = P2p | Local | Rdma | Gdr,
}

internal static class WireLossEffects
{
    /// <summary>The losses a variable with <paramref name="effect"/> can cause.</summary>
    public static WireLoss Explained(EnvEffect effect)
    {
        var loss = WireLoss.None;
        if ((effect & (EnvEffect.DisablesP2p | EnvEffect.LimitsP2pLevel)) != 0)
        {
            loss |= WireLoss.P2p | WireLoss.Local;
        }

        if ((effect & EnvEffect.DisablesShm) != 0)
        {
            loss |= WireLoss.Local;
        }

        if ((effect & (EnvEffect.DisablesRdma | EnvEffect.ForcesNet | EnvEffect.RestrictsHca)) != 0)
        {
            loss |= WireLoss.Rdma;
        }

        if ((effect & EnvEffect.LimitsGdr) != 0)
        {
            loss |= WireLoss.Gdr;
        }

        if ((effect & EnvEffect.OverridesTopology) != 0)
        {
            loss |= WireLoss.All;
        }

        return loss;
    }
}
