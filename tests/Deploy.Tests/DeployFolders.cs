namespace ControlPlane.Deploy.Tests;

/// <summary>What a user can apply (<c>kubectl apply -k deploy/…</c>): the base with its defaults, and each overlay.</summary>
public static class DeployFolders
{
    public const string Base = "base";
    public const string EmbeddedDemo = "overlays/embedded-demo";
    public const string Production = "overlays/production";

    public static TheoryData<string> All => [Base, EmbeddedDemo, Production];
}
