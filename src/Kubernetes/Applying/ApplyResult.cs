namespace ControlPlane.Kubernetes;

/// <summary>What an apply or delete did: the objects touched, or (plan-only) that nothing was sent and why.</summary>
public sealed record ApplyResult
{
    public required ApplyMode Mode { get; init; }

    /// <summary>True when the cluster now has (apply) or no longer has (delete) the objects; false in plan-only mode.</summary>
    public required bool Done { get; init; }

    public required string Message { get; init; }

    public IReadOnlyList<ObjectRef> Objects { get; init; } = [];
}

public sealed record ObjectRef(string Kind, string Namespace, string Name);
