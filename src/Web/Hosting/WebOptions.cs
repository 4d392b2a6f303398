namespace ControlPlane.Web.Hosting;

/// <summary><c>ControlPlane:Web</c>: how a web front end joins the cluster.</summary>
internal sealed class WebOptions
{
    public const string Section = "ControlPlane:Web";

    /// <summary>Co-host a silo (the default); false makes this front end a plain Orleans client of a Redis cluster.</summary>
    public bool HostSilo { get; set; } = true;
}
