namespace ControlPlane.Diagnostics;

/// <summary>All channel connections that used one <c>via ...</c> path, with the ranks at either end.</summary>
public sealed record ChannelSummary(NcclTransport Transport, string Via, IReadOnlyList<int> Ranks, int Connections);
