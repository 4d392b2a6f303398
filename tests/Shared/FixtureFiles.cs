namespace ControlPlane.Tests.Shared;

/// <summary>
/// Locates the real captures in <c>shared/fixtures</c>, which sits beside the repository checkout
/// (<c>../shared/fixtures</c> from the repository root). <c>CONTROLPLANE_FIXTURES</c> overrides it.
/// </summary>
public static class FixtureFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    private static readonly Lazy<string> Checkout = new(FindCheckout);

    public static string RootDirectory => Root.Value;

    /// <summary>The repository checkout (where <c>ControlPlane.sln</c> is): docs and deploy files are read from there.</summary>
    public static string RepositoryRoot => Checkout.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CONTROLPLANE_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidate = Path.GetFullPath(Path.Combine(Checkout.Value, "..", "shared", "fixtures"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException($"Fixtures not found at {candidate}: the shared/ folder must sit beside the checkout, or set CONTROLPLANE_FIXTURES.");
    }

    private static string FindCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ControlPlane.sln not found above " + AppContext.BaseDirectory);
    }
}
