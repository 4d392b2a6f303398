namespace ControlPlane.Web.Portal.Cluster;

/// <summary>A silo as the cluster's membership table lists it.</summary>
public sealed record SiloRow(string Name, string Address, string Host, string Status, DateTime StartedUtc, DateTime AliveUtc);
