namespace ControlPlane.Wire.Incidents;

/// <summary>
/// The words of an incident: the <c>step</c> of each timeline entry and the <c>progress</c> of each pair it follows, as
/// the API spells them. Written in one place, so the grains, the portal and automation read the same names.
/// </summary>
public static class IncidentSteps
{
    /// <summary>A failure signal arrived (its evidence with it).</summary>
    public const string Signal = "signal";

    /// <summary>What the incident blames, and the other candidates.</summary>
    public const string Blame = "blame";

    /// <summary>The blamed component was kept out of placement (or its node cordoned).</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Nothing to quarantine: the node was cordoned already.</summary>
    public const string QuarantineSkipped = "quarantine-skipped";

    /// <summary>A pair was re-placed (or a spare swapped in).</summary>
    public const string RePlace = "re-place";

    /// <summary>No replacement fits anywhere: a person decides.</summary>
    public const string Unplaceable = "unplaceable";

    /// <summary>A step that met an outage is tried again.</summary>
    public const string Retry = "retry";

    /// <summary>The blame widened to a component two pairs share.</summary>
    public const string Escalate = "escalate";

    /// <summary>A fabric storm paused automatic quarantine.</summary>
    public const string Paused = "paused";

    /// <summary>Automatic quarantine resumed.</summary>
    public const string Resumed = "resumed";

    /// <summary>A person closed the incident.</summary>
    public const string Resolved = "resolved";

    /// <summary>Folded into a fabric incident.</summary>
    public const string Merged = "merged";

    /// <summary>On close, something still broken stayed out of placement.</summary>
    public const string Kept = "kept";

    /// <summary>On close, a quarantine or cordon was lifted.</summary>
    public const string Lifted = "lifted";

    /// <summary>A person is on it.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>The pair does not use the blamed component.</summary>
    public const string NotAffected = "not-affected";

    /// <summary>A pair's failover is under way.</summary>
    public const string Pending = "pending";

    /// <summary>A pair was replaced; its replacement is being applied.</summary>
    public const string Replaced = "replaced";

    /// <summary>The replacement's objects were applied.</summary>
    public const string Applied = "applied";

    /// <summary>The replacement runs (both pods Ready).</summary>
    public const string Recovered = "recovered";

    /// <summary>The old pair's GPUs are free.</summary>
    public const string Drained = "drained";

    /// <summary>The pair or its deployment is gone: nothing to replace.</summary>
    public const string Gone = "gone";
}
