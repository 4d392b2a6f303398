namespace ControlPlane.Wire.Incidents;

/// <summary>Where an incident stands. Acknowledgement is separate (who saw it), not a state.</summary>
public enum IncidentState
{
    /// <summary>Signals in, blame made; quarantine and re-placement under way.</summary>
    Open,

    /// <summary>Every affected pair has a replacement placed and reserved; waiting for it to run.</summary>
    Mitigated,

    /// <summary>Every replacement runs (or, in plan-only mode, is placed): users are served again.</summary>
    Recovered,

    /// <summary>Automation stopped and asks for a person: a fabric-wide storm, a replacement that fits nowhere, a rate limit.</summary>
    NeedsAttention,

    /// <summary>Folded into another incident (a fabric-wide one) that now carries its pairs.</summary>
    Merged,

    /// <summary>Closed by a person; its quarantines are lifted.</summary>
    Resolved,
}
