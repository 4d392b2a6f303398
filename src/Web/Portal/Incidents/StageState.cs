namespace ControlPlane.Web.Portal.Incidents;

/// <summary>How far an incident got with one stage of the failover path.</summary>
public enum StageState
{
    /// <summary>Not reached (yet).</summary>
    Pending,

    /// <summary>Reached: a step of the timeline (or, for <c>recovered</c>, every affected pair) says so.</summary>
    Done,

    /// <summary>Never recorded, but a later stage was reached: a manual failover quarantines nothing, plan-only applies nothing.</summary>
    Skipped,
}
