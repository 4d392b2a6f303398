namespace ControlPlane.Wire.Nodes;

/// <summary>The rule for a cordon or uncordon reason, checked by the REST API and the portal alike.</summary>
public static class CordonReason
{
    public const int MaxLength = 512;

    /// <summary>Null when the reason is acceptable; otherwise what is wrong with it (the field is <c>reason</c>).</summary>
    public static string? Problem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > MaxLength ? $"is required, at most {MaxLength} characters" : null;

    /// <summary>A reason the control plane writes itself (an incident's title in it), cut to <see cref="MaxLength"/>.</summary>
    public static string Clip(string reason) => reason.Length <= MaxLength ? reason : reason[..(MaxLength - 1)] + "…";

    /// <summary>The field errors of a cordon change as the node grain checks it (<c>reason</c>, <c>by</c>); empty when valid.</summary>
    public static Dictionary<string, string[]> Problems(CordonChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Problem(change.Reason) is { } reason)
        {
            errors["reason"] = [reason];
        }

        if (string.IsNullOrWhiteSpace(change.By) || change.By.Length > MaxByLength)
        {
            errors["by"] = [$"is required, at most {MaxByLength} characters"];
        }

        return errors;
    }

    /// <summary>Who cordoned: an identity's name.</summary>
    public const int MaxByLength = 256;
}
