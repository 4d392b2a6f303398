namespace ControlPlane.Web.Auth;

/// <summary>Who may do what: viewer reads, operator also cordons and deploys, admin also issues credentials.</summary>
internal static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>An agent token: may only report probes for its own node.</summary>
    public const string Agent = "agent";

    public static readonly string[] All = [Viewer, Operator, Admin];

    public static bool IsKnown(string? role) => role is Viewer or Operator or Admin;
}
