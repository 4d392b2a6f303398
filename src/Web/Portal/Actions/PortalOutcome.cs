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

    public static PortalOutcome<T> Done(T value) => new(value, null, Empty);

    public static PortalOutcome<T> Refused(string error) => new(default, error, Empty);

    public static PortalOutcome<T> Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(default, "Fix the fields marked: " + string.Join(", ", fields.Keys), fields);

    public static PortalOutcome<T> Refused(string error, T value) => new(value, error, Empty);

    private static readonly Dictionary<string, string[]> Empty = [];
}
