namespace ControlPlane.Web.Portal.Incidents;

/// <summary>One stage of the failover path and how far the incident got with it; <see cref="At"/> is its first step's time.</summary>
public sealed record StageMark(string Stage, StageState State, DateTimeOffset? At);
