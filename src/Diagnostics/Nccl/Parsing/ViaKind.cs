namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// The transport family of a <c>via ...</c> channel line. P2P is not yet NVLink or PCIe: the log
/// does not say which, so <see cref="Findings.TransportResolver"/> decides with the context.
/// </summary>
internal enum ViaKind
{
    Unknown,
    P2p,

    /// <summary><c>P2P/MNNVL</c>: P2P over fabric handles to another tray of the NVLink domain (src/transport/p2p.cc:422).</summary>
    Mnnvl,
    Nvls,
    Shm,
    NetRdma,
    NetSocket,
}

internal static class ViaClassifier
{
    public static ViaKind Classify(ReadOnlySpan<char> via)
    {
        if (via.StartsWith("P2P", StringComparison.Ordinal))
        {
            return via.StartsWith("P2P/MNNVL", StringComparison.Ordinal) ? ViaKind.Mnnvl : ViaKind.P2p;
        }

        if (via.StartsWith("SHM", StringComparison.Ordinal))
        {
            return ViaKind.Shm;
        }

        if (via.StartsWith("NET/", StringComparison.Ordinal))
        {
            return via[4..].StartsWith("Socket", StringComparison.Ordinal) ? ViaKind.NetSocket : ViaKind.NetRdma;
        }

        if (via.StartsWith("NVLS", StringComparison.Ordinal))
        {
            return ViaKind.Nvls;
        }

        return via.StartsWith("CollNet", StringComparison.Ordinal) ? ViaKind.NetRdma : ViaKind.Unknown;
    }
}
