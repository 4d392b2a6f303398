using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Portal.Actions;

/// <summary>
/// What an action of the portal came to: <see cref="Value"/> when it was done; otherwise <see cref="Error"/>
/// (a sentence) and, for bad input, <see cref="Fields"/> keyed by the same JSON paths the API names.
/// </summary>
public sealed record PortalOutcome<T>(T? Value, string? Error, IReadOnlyDictionary<string, string[]> Fields)
{
    public bool Succeeded => Error is null;

    /// <summary>For a deployment that fits nowhere: why each node was not used.</summary>
    public NodeRejection[] Rejections { get; init; } = [];

    /// <summary>The status the API answers for the same request: what the audit log records.</summary>
    public int Status { get; init; } = StatusCodes.Status200OK;

    public static PortalOutcome<T> Done(T value) => new(value, null, Empty);

    /// <summary>The action cannot be done now (fits nowhere, nothing to replace…): the API's 409.</summary>
    public static PortalOutcome<T> Refused(string error) => new(default, error, Empty) { Status = StatusCodes.Status409Conflict };

    /// <summary>The user's role may not do it: the API's 403.</summary>
    public static PortalOutcome<T> Forbidden(string error) => new(default, error, Empty) { Status = StatusCodes.Status403Forbidden };

    /// <summary>What it names does not exist: the API's 404.</summary>
    public static PortalOutcome<T> Missing(string error) => new(default, error, Empty) { Status = StatusCodes.Status404NotFound };

    public static PortalOutcome<T> Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(default, "Fix the fields marked: " + string.Join(", ", fields.Keys), fields) { Status = StatusCodes.Status400BadRequest };

    public static PortalOutcome<T> Refused(string error, T value) => new(value, error, Empty) { Status = StatusCodes.Status409Conflict };

    private static readonly Dictionary<string, string[]> Empty = [];
}
