namespace ControlPlane.Web.Auth;

/// <summary>Who may do what: viewer reads, operator also cordons and deploys, admin also issues credentials.</summary>
internal static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>A signal token (an API key with this role): engines, sidecars and log shippers may only send failure signals.</summary>
    public const string Signal = "signal";

    /// <summary>An agent token: may only report probes for its own node.</summary>
    public const string Agent = "agent";

    public static readonly string[] All = [Viewer, Operator, Admin, Signal];

    public static bool IsKnown(string? role) => role is Viewer or Operator or Admin or Signal;
}
