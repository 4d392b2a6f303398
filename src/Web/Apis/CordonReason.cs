namespace ControlPlane.Web.Apis;

/// <summary>The rule for a cordon or uncordon reason, checked by the REST API and the portal alike.</summary>
internal static class CordonReason
{
    public const int MaxLength = 512;

    /// <summary>Null when the reason is acceptable; otherwise what is wrong with it (the field is <c>reason</c>).</summary>
    public static string? Problem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > MaxLength ? $"is required, at most {MaxLength} characters" : null;
}
