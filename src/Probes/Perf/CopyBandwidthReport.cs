using System.Collections.Immutable;

namespace ControlPlane.Probes.Perf;

/// <summary>A "RESULT p2p cuda:0->cuda:1 GBps=394.4" line of the torch copy benchmark.</summary>
/// <param name="Kind">p2p, h2d, d2h or d2d.</param>
public sealed record CopyBandwidth(string Kind, string Source, string Destination, double GBps);

public sealed record CopyBandwidthReport(ImmutableArray<CopyBandwidth> Results);
